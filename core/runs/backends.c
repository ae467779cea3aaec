/* The backend table: runs.c and nodes.c reach a backend only through it. */
#include "core/runs/runs_internal.h"

const rc_run_ops *rc_run_ops_for(rc_backend b)
{
    switch (b) {
    case RC_BACKEND_LOCAL:
        return &rc_run_ops_local;
    case RC_BACKEND_SSH:
        return &rc_run_ops_ssh;
    case RC_BACKEND_SLURM:
        return &rc_run_ops_slurm;
    case RC_BACKEND_GITHUB:
        return &rc_run_ops_github;
    }
    return &rc_run_ops_local;
}
