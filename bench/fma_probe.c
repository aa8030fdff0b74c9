/* The fp32 FMA throughput of one core, from C: the native counterpart of org.sgd4j.bench.FmaProbe, for
 * bench/compare-pytorch. Built there with gcc -O2 -march=native, so the vectors are the widest the
 * compiler targets on this CPU (512-bit with AVX-512, 256-bit with AVX2, else 128-bit).
 * 12 independent chains acc = acc * m + c (FMA latency x FMA units of current x86 cores is 8), timed in
 * bursts; prints one JSON line with the best burst's GFLOPS. Usage: fma_probe [iters] [rounds]. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#if defined(__AVX512F__)
#define BYTES 64
#elif defined(__AVX__)
#define BYTES 32
#else
#define BYTES 16
#endif
typedef float vf __attribute__((vector_size(BYTES)));
#define LANES (BYTES / 4)
#define CHAINS 12

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static float burst(long iters, float seed) {
  vf m, c, a[CHAINS];
  for (int l = 0; l < LANES; l++) {
    m[l] = 0.999999f;
    c[l] = 1e-6f;
  }
  for (int k = 0; k < CHAINS; k++) {
    for (int l = 0; l < LANES; l++) {
      a[k][l] = seed + 0.1f * k;
    }
  }
  vf a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4], a5 = a[5];
  vf a6 = a[6], a7 = a[7], a8 = a[8], a9 = a[9], a10 = a[10], a11 = a[11];
  for (long i = 0; i < iters; i++) {
    /* An empty asm that names the accumulators keeps the compiler from reordering the chains away. */
    a0 = a0 * m + c; a1 = a1 * m + c; a2 = a2 * m + c; a3 = a3 * m + c;
    a4 = a4 * m + c; a5 = a5 * m + c; a6 = a6 * m + c; a7 = a7 * m + c;
    a8 = a8 * m + c; a9 = a9 * m + c; a10 = a10 * m + c; a11 = a11 * m + c;
    __asm__ volatile("" : "+v"(a0), "+v"(a1), "+v"(a2), "+v"(a3), "+v"(a4), "+v"(a5));
    __asm__ volatile("" : "+v"(a6), "+v"(a7), "+v"(a8), "+v"(a9), "+v"(a10), "+v"(a11));
  }
  vf s = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
  float r = 0;
  for (int l = 0; l < LANES; l++) {
    r += s[l];
  }
  return r;
}

int main(int argc, char **argv) {
  long iters = argc > 1 ? atol(argv[1]) : 1000000L;
  int rounds = argc > 2 ? atoi(argv[2]) : 50;
  volatile float sink = burst(iters / 10, 1.0f);
  double best = 0;
  for (int r = 0; r < rounds; r++) {
    double t0 = now();
    sink += burst(iters, 1.0f + r * 1e-3f);
    double g = 2.0 * LANES * CHAINS * (double) iters / (now() - t0) / 1e9;
    if (g > best) {
      best = g;
    }
  }
  printf("{\"impl\":\"c-gcc\",\"vector_bits\":%d,\"lanes\":%d,\"chains\":%d,\"fma_gflops_per_thread\":%.1f,"
         "\"finite\":%s}\n", BYTES * 8, LANES, CHAINS, best, sink == sink ? "true" : "false");
  return 0;
}
