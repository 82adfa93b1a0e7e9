#ifndef REPORT_CLIBCRYPTO_SHIM_H
#define REPORT_CLIBCRYPTO_SHIM_H
#include <openssl/crypto.h>
#include <openssl/evp.h>
#endif
