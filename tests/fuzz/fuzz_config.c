/* Configuration values come from committed .relcap files: the input is a
 * branch pattern, a name, then "relcap.key=value" lines loaded as -c
 * overrides (every value validator runs). */
#include "core/base/config.h"
#include "core/base/error.h"
#include "core/base/util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    git_libgit2_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *text = rc_xstrndup((const char *)data, size);
    const char *lines[32];
    size_t n = 0;
    for (char *save = NULL, *l = strtok_r(text, "\n", &save); l && n < 32;
         l = strtok_r(NULL, "\n", &save))
        lines[n++] = l;
    if (n >= 2) {
        char version[64];
        rc_config_pattern_match(lines[0], lines[1], version, sizeof version);
        rc_config_pattern_match(lines[0], lines[1], version, 1);
    }
    rc_config *cfg = NULL;
    if (rc_config_open(&cfg, NULL, n > 2 ? lines + 2 : NULL, n > 2 ? n - 2 : 0) == 0) {
        /* every typed getter on every key must cope with what was accepted */
        for (const rc_config_key *k = rc_config_keys; k->name; k++) {
            if (strchr(k->name, '*'))
                continue;
            const char *s;
            long l;
            double d;
            bool b;
            const char *const *multi;
            size_t count;
            switch (k->type) {
            case RC_CFG_INT:
                rc_config_int(&l, cfg, k->name);
                break;
            case RC_CFG_NUMBER:
                rc_config_number(&d, cfg, k->name);
                break;
            case RC_CFG_BOOL:
                rc_config_bool(&b, cfg, k->name);
                break;
            default:
                if (k->multi)
                    rc_config_multi(&multi, &count, cfg, k->name);
                else
                    rc_config_string(&s, cfg, k->name);
            }
        }
        const char *const *subs;
        size_t count;
        rc_config_subsections(&subs, &count, cfg, "node");
        rc_config_free(cfg);
    } else if (getenv("FZDEBUG")) {
        fprintf(stderr, "refused: %s\n", rc_error_last());
    } else if (!rc_error_last()[0]) {
        abort(); /* a refusal must say why */
    }
    free(text);
    return 0;
}
