/*
 * A HotSpot disassembler plugin (hsdis-amd64.so) over Debian's Capstone, to read the code C2 makes of a
 * kernel (bench/results/2026-12-05-micro-kernel.md):
 *   apt-get install -y libcapstone-dev
 *   gcc -O2 -shared -fPIC -o /tmp/hsdis/hsdis-amd64.so bench/hsdis/hsdis.c -lcapstone
 *   LD_LIBRARY_PATH=/tmp/hsdis java -XX:+UnlockDiagnosticVMOptions \
 *     -XX:CompileCommand=print,org.sgd4j.tensor.kernel.VectorGemm4x4::packed ...
 * It implements the one entry point HotSpot looks up, decode_instructions_virtual, and prints Intel syntax.
 */
#include <inttypes.h>
#include <string.h>
#include <stdio.h>
#include <capstone/capstone.h>
typedef void* (*ev_t)(void*, const char*, void*);
typedef int (*pr_t)(void*, const char*, ...);
static void* null_ev(void* s, const char* e, void* a) { return NULL; }
void* decode_instructions_virtual(uintptr_t start_va, uintptr_t end_va, unsigned char* buffer, uintptr_t length,
    ev_t ev, void* evs, pr_t pr, void* ps, const char* options, int newline) {
  csh h;
  if (pr == NULL) { pr = (pr_t) &fprintf; if (ps == NULL) ps = stdout; }
  if (ev == NULL) ev = &null_ev;
  if (cs_open(CS_ARCH_X86, CS_MODE_64, &h) != CS_ERR_OK) return NULL;
  cs_option(h, CS_OPT_SYNTAX, CS_OPT_SYNTAX_INTEL);
  cs_option(h, CS_OPT_SKIPDATA, CS_OPT_ON);
  cs_insn* insn;
  size_t n = cs_disasm(h, buffer, length, (uintptr_t) start_va, 0, &insn);
  for (size_t j = 0; j < n; j++) {
    (*ev)(evs, "insn", (void*) insn[j].address);
    (*pr)(ps, "%s\t\t%s", insn[j].mnemonic, insn[j].op_str);
    (*ev)(evs, "/insn", (void*) (insn[j].address + insn[j].size));
    if (newline) (*pr)(ps, "\n");
  }
  if (n) cs_free(insn, n);
  cs_close(&h);
  return NULL;
}
