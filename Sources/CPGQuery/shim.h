#ifndef ARCHBENCH_CPGQUERY_SHIM_H
#define ARCHBENCH_CPGQUERY_SHIM_H
#include <pg_query.h>
#endif
