# The medians per mode of an AltModes log, over its rounds on cores without a shared cache (both round trips > 200 ns)
# and on cores with one (both < 150 ns): python3 bench/ab/altmodes.py LOG
import sys,statistics
rows=[l.split() for l in open(sys.argv[1]) if l.startswith('rt ')]
for tag,cond in (("far",lambda a,b:a>200 and b>200),("near",lambda a,b:a<150 and b<150)):
  sel=[r for r in rows if cond(float(r[1]),float(r[2]))]
  if not sel: continue
  modes=[x for x in sel[0][3:] if x.startswith('m')]
  med={m:statistics.median(float(r[r.index(m)+1]) for r in sel) for m in modes}
  base=med[modes[0]]
  print(tag,len(sel),' '.join(f"{m} {v:.0f} ({v/base:.3f})" for m,v in med.items()))
