#ifndef REPORT_CGLIB_SHIM_H
#define REPORT_CGLIB_SHIM_H
#include <glib.h>
#endif
