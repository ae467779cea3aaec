/* The one function through which a value reaches a remote shell (ssh,
 * slurm): quoting then unquoting the POSIX way must give the value back,
 * and the quoted text must never leave a single-quoted span open. */
#include "core/runs/runs.h"
#include "core/base/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Undoes sh single-quote quoting (with \' and "..." not used by the quoter
 * except the '\'' idiom); returns NULL when the text would not be one word. */
static char *unquote(const char *q)
{
    rc_buf b = {0};
    rc_buf_puts(&b, "");
    for (const char *p = q; *p;) {
        if (*p == '\'') {
            const char *end = strchr(p + 1, '\'');
            if (!end) {
                rc_buf_free(&b);
                return NULL; /* unterminated quote */
            }
            rc_buf_put(&b, p + 1, (size_t)(end - p - 1));
            p = end + 1;
        } else if (*p == '\\' && p[1]) {
            rc_buf_put(&b, p + 1, 1);
            p += 2;
        } else if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/+:@=,-",
                          *p)) {
            rc_buf_put(&b, p, 1);
            p++;
        } else {
            rc_buf_free(&b);
            return NULL; /* an unquoted character the shell would interpret */
        }
    }
    return rc_buf_detach(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = rc_xstrndup((const char *)data, size);
    char *q = rc_run_shell_quote(text);
    char *back = unquote(q);
    if (!back || strcmp(back, text) != 0)
        abort();
    rc_run_value_safe(text);
    free(back);
    free(q);
    free(text);
    return 0;
}
