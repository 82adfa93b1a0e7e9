#ifndef REPORT_CZLIB_SHIM_H
#define REPORT_CZLIB_SHIM_H
#include <zlib.h>
#endif
