/* The name of the next tag of a release line, spelled as the project spells
 * its tags (learned from the cache): `relcap status` and the cockpit. */
#ifndef RELCAP_NEXTRC_H
#define RELCAP_NEXTRC_H

#include "core/base/config.h"
#include "core/base/db.h"

#include <stdbool.h>
#include <stddef.h>

/* How the project writes its tags, learned from the cached tags (the most
 * common spelling wins): the prefix ("v" or ""), the text before an RC
 * number ("rc", "-rc", "-rc.", ".rc") and the first RC number (0 or 1).
 * Without tags: relcap.tagPattern's prefix, "rc" and 1. */
typedef struct {
    char prefix[16];
    char rc_sep[16];
    unsigned first_rc;
} rc_tag_style;

int rc_tag_style_learn(rc_tag_style *out, rc_db *db, const rc_config *cfg);

/* The next tag of release X.Y.Z: its next RC while it is not released; once
 * released, the first RC of X.Y.(Z+1) when that release has neither a branch
 * nor a tag of its own, else X.Y.Z.postN. *released tells which case. */
int rc_release_next_tag(char **out, bool *released, rc_db *db, const rc_config *cfg,
                        const char *release);

#endif
