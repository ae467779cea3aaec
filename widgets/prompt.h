/* One-line input: a label, the text typed so far and a cursor at its end.
 * Enter finishes, Esc cancels, Backspace deletes a character (UTF-8 aware),
 * C-u clears. Callers read `text` after every key for filter-as-you-type. */
#ifndef RELCAP_PROMPT_H
#define RELCAP_PROMPT_H

#include "widgets/widget.h"

enum { RC_PROMPT_EDITING, RC_PROMPT_DONE, RC_PROMPT_CANCELLED };

typedef struct {
    rc_widget base;
    char *label;
    char text[512];
    size_t len;
    int state;
    attr_t attr;
} rc_prompt;

rc_prompt *rc_prompt_new(const char *label, const char *initial);
void rc_prompt_free(rc_prompt *p);
/* Feeds a key; returns the state afterwards. */
int rc_prompt_feed(rc_prompt *p, int key);

#endif
