import sys, time, os
pid, a, b = sys.argv[1], sys.argv[2], sys.argv[3]
def st(t):
    with open(f'/proc/{pid}/task/{t}/stat') as f: s = f.read()
    s = s[s.rindex(')') + 2:].split()
    return s[0], int(s[36])  # state, processor
same = both_r = n = 0; rr_same = 0
t_end = time.time() + float(sys.argv[4] if len(sys.argv) > 4 else 3)
while time.time() < t_end:
    (sa, ca), (sb, cb) = st(a), st(b)
    n += 1
    if sa == 'R' and sb == 'R':
        both_r += 1
        if ca == cb: rr_same += 1
    time.sleep(0.0005)
print(f'samples {n}: both running/runnable {both_r} ({100*both_r/n:.0f} %), of those on the same CPU {rr_same} ({100*rr_same/max(1,both_r):.0f} %)')
