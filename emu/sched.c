/* The event heap (see sched.h). */
#include "emu/sched.h"

#include <stdlib.h>

#include "emu/xalloc.h"

int sched_init(struct sched *s)
{
    s->cap = 64;
    s->n = 0;
    s->seq = 0;
    s->heap = xmalloc(s->cap * sizeof *s->heap);
    return 0;
}

void sched_free(struct sched *s)
{
    for (unsigned k = 0; k < s->n; k++)
        s->heap[k]->slot = -1;
    free(s->heap);
    s->heap = NULL;
    s->n = s->cap = 0;
}

void sched_event_init(struct sched_event *e, const char *name,
                      void (*fire)(void *ctx, uint64_t t_ps), void *ctx)
{
    *e = (struct sched_event){ .name = name, .fire = fire, .ctx = ctx, .slot = -1 };
}

static bool before(const struct sched_event *a, const struct sched_event *b)
{
    return a->t_ps < b->t_ps || (a->t_ps == b->t_ps && a->seq < b->seq);
}

static void place(struct sched *s, unsigned k, struct sched_event *e)
{
    s->heap[k] = e;
    e->slot = (int)k;
}

static void sift_up(struct sched *s, unsigned k)
{
    struct sched_event *e = s->heap[k];
    while (k > 0 && before(e, s->heap[(k - 1) / 2])) {
        place(s, k, s->heap[(k - 1) / 2]);
        k = (k - 1) / 2;
    }
    place(s, k, e);
}

static void sift_down(struct sched *s, unsigned k)
{
    struct sched_event *e = s->heap[k];
    for (;;) {
        unsigned child = 2 * k + 1;
        if (child >= s->n)
            break;
        if (child + 1 < s->n && before(s->heap[child + 1], s->heap[child]))
            child++;
        if (!before(s->heap[child], e))
            break;
        place(s, k, s->heap[child]);
        k = child;
    }
    place(s, k, e);
}

void sched_disarm(struct sched *s, struct sched_event *e)
{
    if (e->slot < 0)
        return;
    unsigned k = (unsigned)e->slot;
    e->slot = -1;
    if (--s->n == k)
        return;
    struct sched_event *moved = s->heap[s->n];
    place(s, k, moved);
    sift_down(s, k);
    sift_up(s, (unsigned)moved->slot);
}

void sched_arm(struct sched *s, struct sched_event *e, uint64_t t_ps)
{
    sched_disarm(s, e);
    if (s->n == s->cap) {
        s->heap = xrealloc(s->heap, 2 * s->cap * sizeof *s->heap);
        s->cap *= 2;
    }
    e->t_ps = t_ps;
    e->seq = s->seq++;
    place(s, s->n++, e);
    sift_up(s, s->n - 1);
}

uint64_t sched_next_ps(const struct sched *s)
{
    return s->n ? s->heap[0]->t_ps : SCHED_NEVER;
}

void sched_run_until(struct sched *s, uint64_t now_ps)
{
    while (s->n && s->heap[0]->t_ps <= now_ps) {
        struct sched_event *e = s->heap[0];
        sched_disarm(s, e);
        e->fire(e->ctx, e->t_ps);
    }
}
