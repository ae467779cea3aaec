/* The terminal-safety filter and date parsing see every untrusted string. */
#include "core/base/error.h"
#include "core/base/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = rc_xstrndup((const char *)data, size);
    char *a = rc_sanitize(text, false), *b = rc_sanitize(text, true);
    for (const char *p = a; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            abort(); /* a control byte survived */
    for (const char *p = b; *p; p++)
        if (((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
            abort();
    int64_t t;
    rc_time_parse(&t, text);
    free(a);
    free(b);
    free(text);
    return 0;
}
