#!/usr/bin/env python3
"""Load benchmark of `archbench serve` on loopback: SESSIONS OpenSSH clients on one design,
each sending a key every 50 ms for DURATION seconds (bounded), measuring at the client the time
from a key to the first bytes of the frame it caused (p50/p99), and the server's memory per
session and CPU. Usage: Tests/CLITests/Scripts/serve-load-benchmark.py [ARCHBENCH] [SESSIONS] [DURATION]
(defaults: .build/debug/archbench, 20, 30). Only 127.0.0.1 is ever contacted."""
import os, pty, re, select, shutil, signal, subprocess, sys, tempfile, time

binary = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/archbench"
sessions = min(int(sys.argv[2]) if len(sys.argv) > 2 else 20, 64)
duration = min(float(sys.argv[3]) if len(sys.argv) > 3 else 30.0, 120.0)
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
work = tempfile.mkdtemp(prefix="archbench-serve-bench-")
designs = os.path.join(work, "designs")
os.mkdir(designs)
shutil.copy(os.path.join(root, "Tests/Fixtures/shop.design.yaml"), designs)
authorized = ""
for i in range(sessions):
    key = os.path.join(work, f"key{i}")
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", f"reviewer{i}", "-f", key], check=True)
    authorized += open(key + ".pub").read()
open(os.path.join(work, "authorized_keys"), "w").write(authorized)
log = open(os.path.join(work, "serve.log"), "w+")
server = subprocess.Popen([binary, "serve", designs, "--listen", "127.0.0.1:0", "--authorized-keys",
                           os.path.join(work, "authorized_keys"), "--host-key", os.path.join(work, "host_key")],
                          stderr=log, stdout=log)

def rss_kib():
    for line in open(f"/proc/{server.pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])

def cpu_seconds():
    fields = open(f"/proc/{server.pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

port = None
for _ in range(200):
    log.seek(0)
    found = re.search(r"listening address=127\.0\.0\.1:(\d+)", log.read())
    if found:
        port = int(found.group(1))
        break
    time.sleep(0.05)
assert port, "the server did not start"
time.sleep(0.3)
idle_rss = rss_kib()

clients = []
for i in range(sessions):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execvp("ssh", ["ssh", "-tt", "-F", "/dev/null", "-i", os.path.join(work, f"key{i}"), "-o", "IdentitiesOnly=yes",
                          "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                          "-o", "LogLevel=ERROR", "-p", str(port), "bench@127.0.0.1"])
    clients.append((pid, fd))

def drain(fd, wait):
    got = b""
    while select.select([fd], [], [], wait)[0]:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        got += chunk
        wait = 0
    return got

def wait_for(fd, text, timeout=20):
    seen, deadline = b"", time.time() + timeout
    while time.time() < deadline and text not in seen:
        seen += drain(fd, 0.1)
    assert text in seen, f"never saw {text!r}"

for _, fd in clients:
    wait_for(fd, b"archbench serve")
for _, fd in clients:
    os.write(fd, b"\r")
for _, fd in clients:
    wait_for(fd, b"REVIEW")
time.sleep(0.5)
for _, fd in clients:
    drain(fd, 0)
rss_with_sessions = rss_kib()
cpu_before = cpu_seconds()

# Each client presses j then k alternately, one key every 50 ms; the latency of a key is the
# time to the first byte after it (the frame it caused).
latencies, started = [], time.time()
sent = {fd: None for _, fd in clients}
next_key = {fd: started + i * 0.05 / sessions for i, (_, fd) in enumerate(clients)}
count = {fd: 0 for _, fd in clients}
while time.time() - started < duration:
    now = time.time()
    for _, fd in clients:
        if sent[fd] is None and now >= next_key[fd]:
            os.write(fd, b"j" if count[fd] % 2 == 0 else b"k")
            count[fd] += 1
            sent[fd] = time.time()
            next_key[fd] += 0.05
    ready = select.select([fd for _, fd in clients], [], [], 0.002)[0]
    for fd in ready:
        data = os.read(fd, 65536)
        if data and sent[fd] is not None:
            latencies.append((time.time() - sent[fd]) * 1000)
            sent[fd] = None
cpu_used = cpu_seconds() - cpu_before
peak_rss = rss_kib()
for pid, fd in clients:
    os.kill(pid, signal.SIGTERM)
    os.close(fd)
    os.waitpid(pid, 0)
server.send_signal(signal.SIGTERM)
server.wait(timeout=10)
shutil.rmtree(work)

latencies.sort()
pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
print(f"sessions {sessions}, {duration:.0f} s, keys answered {len(latencies)} of {sum(count.values())}")
print(f"key-to-frame p50 {pick(0.50):.1f} ms, p99 {pick(0.99):.1f} ms, max {latencies[-1]:.1f} ms")
print(f"server memory: {idle_rss / 1024:.1f} MiB idle, {rss_with_sessions / 1024:.1f} MiB with the sessions, "
      f"{(rss_with_sessions - idle_rss) / 1024 / sessions:.2f} MiB per session, peak {peak_rss / 1024:.1f} MiB")
print(f"server CPU: {cpu_used:.1f} s in {duration:.0f} s ({100 * cpu_used / duration:.0f}% of one core)")
