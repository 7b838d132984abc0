/* The sample `make demo` runs: a toy of what the TinyTracker firmware will
 * do, on synthetic frames. Each frame is a 64x48 8-bit image with two
 * moving bright blobs over a textured background; the firmware blurs it
 * (3x3 box), thresholds it, labels connected components with a
 * union-find, and tracks the blobs' centroids frame to frame. Everything
 * is integer and deterministic, so QEMU and ttemu print the same track. */
#include <string.h>
#include "fwtest.h"

#define W 64
#define H 48
#define FRAMES 12
#define MAXLAB 512

static uint8_t frame[H][W], blur[H][W];
static uint16_t label[H][W];
static uint16_t parent[MAXLAB];

struct blob { int area; long sx, sy; int x0, y0, x1, y1; };

static uint16_t find(uint16_t x)
{
    while (parent[x] != x)
        x = parent[x] = parent[parent[x]];
    return x;
}

static void unite(uint16_t a, uint16_t b)
{
    a = find(a);
    b = find(b);
    if (a != b)
        parent[a < b ? b : a] = a < b ? a : b;
}

static void synth(int t, uint32_t *rng)
{
    int cx[2] = { 8 + 4 * t, 56 - 3 * t }, cy[2] = { 10 + 2 * t, 38 - t }, r[2] = { 5, 4 };
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            int v = 40 + ((x * 7 + y * 3 + t) & 15) + (int)(fw_rand(rng) & 31);
            for (int k = 0; k < 2; k++) {
                int dx = x - cx[k], dy = y - cy[k];
                if (dx * dx + dy * dy <= r[k] * r[k])
                    v = 200 + (int)(fw_rand(rng) & 31);
            }
            frame[y][x] = (uint8_t)v;
        }
}

static void box_blur(void)
{
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            int s = 0, n = 0;
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++) {
                    int yy = y + dy, xx = x + dx;
                    if (yy >= 0 && yy < H && xx >= 0 && xx < W) {
                        s += frame[yy][xx];
                        n++;
                    }
                }
            blur[y][x] = (uint8_t)(s / n);
        }
}

static int components(struct blob *out, int max)
{
    uint16_t next = 1;
    for (int i = 0; i < MAXLAB; i++)
        parent[i] = (uint16_t)i;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            label[y][x] = 0;
            if (blur[y][x] < 128)
                continue;
            uint16_t up = y ? label[y - 1][x] : 0, left = x ? label[y][x - 1] : 0;
            if (up && left) {
                label[y][x] = up < left ? up : left;
                unite(up, left);
            } else if (up || left)
                label[y][x] = up ? up : left;
            else if (next < MAXLAB)
                label[y][x] = next++;
        }
    int n = 0;
    int map[MAXLAB];
    memset(map, -1, sizeof map);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            if (!label[y][x])
                continue;
            uint16_t root = find(label[y][x]);
            if (map[root] < 0) {
                if (n == max)
                    continue;
                map[root] = n;
                out[n] = (struct blob){ 0, 0, 0, x, y, x, y };
                n++;
            }
            struct blob *b = &out[map[root]];
            b->area++;
            b->sx += x;
            b->sy += y;
            if (x < b->x0) b->x0 = x;
            if (x > b->x1) b->x1 = x;
            if (y < b->y0) b->y0 = y;
            if (y > b->y1) b->y1 = y;
        }
    return n;
}

int main(void)
{
    uint32_t rng = 20261124u;
    int px[2] = { -1, -1 }, py[2] = { -1, -1 };
    uint32_t track_hash = 0;
    puts("demo_tracker: 64x48 synthetic frames, 3x3 blur, threshold, connected components");
    for (int t = 0; t < FRAMES; t++) {
        struct blob b[8];
        synth(t, &rng);
        box_blur();
        int n = components(b, 8);
        FW_CHECK(n >= 1 && n <= 2);
        printf("frame %2d: %d blob%s", t, n, n == 1 ? "" : "s");
        for (int k = 0; k < n; k++) {
            int cx = (int)((b[k].sx * 10) / b[k].area), cy = (int)((b[k].sy * 10) / b[k].area);
            /* Frame 0 starts one track per blob; later blobs join the
             * track whose last centroid is nearest. */
            int best = k < 2 ? k : 1;
            if (px[0] >= 0 && px[1] >= 0) {
                int d[2];
                for (int j = 0; j < 2; j++)
                    d[j] = (cx - px[j]) * (cx - px[j]) + (cy - py[j]) * (cy - py[j]);
                best = d[1] < d[0];
            }
            printf(" | #%d at (%d.%d,%d.%d) area %d box %d,%d-%d,%d", best, cx / 10, cx % 10,
                   cy / 10, cy % 10, b[k].area, b[k].x0, b[k].y0, b[k].x1, b[k].y1);
            px[best] = cx;
            py[best] = cy;
            track_hash = track_hash * 31 + (uint32_t)(cx * 1000 + cy + b[k].area);
        }
        printf("\n");
    }
    printf("demo_tracker: track hash %08lx\n", (unsigned long)track_hash);
    fw_finish("demo_tracker", 0);
}
