/* The ref update of `relcap pick apply` and the lock file it can leave.
 *
 * git moves a branch by writing refs/heads/B.lock and renaming it over the
 * ref; a process killed in between leaves the lock and every later git
 * command on that branch refuses to run. Before it moves the ref, apply
 * writes an intent (its pid, the ref, the old and the new commit) to
 * GITDIR/relcap/apply-intent and removes it once the ref has moved. The next
 * apply finds the intent of a process that is gone: a lock whose content is
 * what that apply was writing (nothing yet, or part of the new id) is its
 * own, and is removed (and said); any other lock on the branch is someone
 * else's, and apply stops naming the file. */
#ifndef RELCAP_PICKS_APPLY_LOCK_H
#define RELCAP_PICKS_APPLY_LOCK_H

#include <git2.h>

/* Records the intent to move refname from old_id to new_id. */
int rc_apply_intent_write(git_repository *repo, const char *refname, const git_oid *old_id,
                          const git_oid *new_id);
/* Removes the intent once the ref moved (or the move failed cleanly). */
void rc_apply_intent_clear(git_repository *repo);

/* Before a move of refname: cleans what a killed apply left (*said gets a
 * message for stderr, else NULL) and refuses (RC_EBUSY) while refname.lock
 * exists that relcap did not leave, or while another apply is moving it. */
int rc_apply_lock_recover(char **said, git_repository *repo, const char *refname);

#endif
