#ifndef ARCHBENCH_CNCURSES_SHIM_H
#define ARCHBENCH_CNCURSES_SHIM_H

/* SwiftPM drops Debian's -D_XOPEN_SOURCE=600 from ncursesw.pc; without this
   the wide-character API (get_wch, add_wch, cchar_t) is compiled out. */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <wchar.h>

#if __has_include(<ncursesw/curses.h>)
#include <ncursesw/curses.h>
#else
#include <curses.h>
#endif

/* Swift cannot import macros with arguments, bit-building macros, or mutable
   C globals under strict concurrency; these one-liners expose them. Every
   call must still happen on the main actor. */

static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline WINDOW *cn_curscr(void) { return curscr; }
static inline int cn_lines(void) { return LINES; }
static inline int cn_cols(void) { return COLS; }
static inline int cn_color_pairs(void) { return COLOR_PAIRS; }
static inline int cn_colors(void) { return COLORS; }
static inline void cn_getmaxyx(WINDOW *win, int *y, int *x) {
    int yy, xx;
    getmaxyx(win, yy, xx);
    *y = yy;
    *x = xx;
}
static inline int cn_set_escdelay(int ms) { return set_escdelay(ms); }

static inline attr_t cn_a_normal(void) { return A_NORMAL; }
static inline attr_t cn_a_bold(void) { return A_BOLD; }
static inline attr_t cn_a_reverse(void) { return A_REVERSE; }
static inline attr_t cn_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cn_a_dim(void) { return A_DIM; }
static inline attr_t cn_color_pair(int n) { return (attr_t)COLOR_PAIR(n); }

/* Line drawing for terminals whose locale is not UTF-8 but whose terminfo
   has an alternate character set. */
static inline chtype cn_acs_ulcorner(void) { return ACS_ULCORNER; }
static inline chtype cn_acs_urcorner(void) { return ACS_URCORNER; }
static inline chtype cn_acs_llcorner(void) { return ACS_LLCORNER; }
static inline chtype cn_acs_lrcorner(void) { return ACS_LRCORNER; }
static inline chtype cn_acs_hline(void) { return ACS_HLINE; }
static inline chtype cn_acs_vline(void) { return ACS_VLINE; }

static inline int cn_key_code_yes(void) { return KEY_CODE_YES; }
static inline int cn_key_resize(void) { return KEY_RESIZE; }
static inline int cn_key_btab(void) { return KEY_BTAB; }
static inline int cn_key_up(void) { return KEY_UP; }
static inline int cn_key_down(void) { return KEY_DOWN; }
static inline int cn_key_left(void) { return KEY_LEFT; }
static inline int cn_key_right(void) { return KEY_RIGHT; }
static inline int cn_key_home(void) { return KEY_HOME; }
static inline int cn_key_end(void) { return KEY_END; }
static inline int cn_key_ppage(void) { return KEY_PPAGE; }
static inline int cn_key_npage(void) { return KEY_NPAGE; }
static inline int cn_key_backspace(void) { return KEY_BACKSPACE; }
static inline int cn_key_dc(void) { return KEY_DC; }
static inline int cn_key_ic(void) { return KEY_IC; }
static inline int cn_key_enter(void) { return KEY_ENTER; }
static inline int cn_key_f(int n) { return KEY_F(n); }

/* stdscr-relative operations are macros in curses.h. */
static inline int cn_mvadd_wch(int y, int x, const cchar_t *wch) { return mvwadd_wch(stdscr, y, x, wch); }
static inline int cn_get_wch(wint_t *wch) { return wget_wch(stdscr, wch); }
static inline void cn_timeout(int ms) { wtimeout(stdscr, ms); }
static inline int cn_move(int y, int x) { return wmove(stdscr, y, x); }
static inline int cn_keypad(bool on) { return keypad(stdscr, on); }
static inline int cn_setcchar(cchar_t *wcval, const wchar_t *wch, attr_t attrs, short pair) {
    return setcchar(wcval, wch, attrs, pair, NULL);
}

/* Leaves curses. A terminal without an alternate screen (the Linux console, a
   vt100) would keep the last frame under the shell prompt, so it is cleared first. */
static inline void cn_leave_screen(void) {
    char *smcup = tigetstr("smcup");
    if (stdscr != NULL && (smcup == NULL || smcup == (char *)-1 || smcup[0] == '\0')) {
        wclear(stdscr);
        wrefresh(stdscr);
    }
    endwin();
}

/* The atexit hook: endwin only when a screen is active, so it is harmless
   after an explicit restore or when curses never started. */
static inline void cn_endwin_if_active(void) {
    if (!isendwin()) {
        cn_leave_screen();
    }
}

/* A terminfo string capability, or NULL when the terminal has none. */
static inline const char *cn_string_capability(const char *name) {
    char *value = tigetstr(name);
    return (value == NULL || value == (char *)-1) ? NULL : value;
}

/* The terminal can draw boxes through its alternate character set. */
static inline bool cn_has_acs(void) {
    char *acsc = tigetstr("acsc");
    return acsc != NULL && acsc != (char *)-1 && acsc[0] != '\0';
}
static inline int cn_mvaddch(int y, int x, chtype ch) { return mvwaddch(stdscr, y, x, ch); }

static inline const char *cn_locale_codeset(void) { return nl_langinfo(CODESET); }

/* tigetstr returns (char *)-1 for "not a string capability" and NULL for
   "absent"; a terminal without cursor addressing cannot host a full-screen UI. */
static inline bool cn_has_cursor_addressing(void) {
    char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}

#endif
