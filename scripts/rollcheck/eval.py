#!/usr/bin/env python3
"""Independent recall evaluator for cortege roll search.

Reads DIR/queries-ROLL.{tsv,clean.tsv,meta.jsonl} written by gen.py, then
  1. runs the typo-free forms in --exact mode, --limit 21  -> counts / specificity
  2. runs the noisy queries in batch mode, --limit 20       -> recall, latency
  3. re-runs every recall@20 miss with the single-query CLI and --limit 2000
     to find the target's rank and describe the top 3
Writes DIR/expected-ROLL.txt, DIR/report-ROLL.txt, DIR/misses-ROLL.txt and
the raw JSON outputs DIR/out-ROLL.{exact,noisy}.jsonl.

Usage:
  python3 eval.py --roll r10 [--dir /tmp/indep] [--bin /tmp/indep/cortege] [--data /tmp/indep/data]
  python3 eval.py --roll r10 --reuse      # recompute tables from saved outputs
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import time


def run_batch(a, path, out, extra):
    cmd = ['nice', '-n', '10', a.bin, 'roll', 'search', '--data', a.data, '--roll', a.roll,
           '--batch', path] + extra
    t0 = time.time()
    with open(out, 'w') as f:
        subprocess.run(cmd, stdout=f, check=True)
    print('  %s: %.1fs' % (' '.join(cmd[3:]), time.time() - t0), file=sys.stderr)
    res = {}
    with open(out) as f:
        for line in f:
            d = json.loads(line)
            res[d['query']] = d
    return res


LINE_RX = re.compile(r'^\s*(\d+)\.\s+(-?[\d.]+)\s+(.*?)\s+—\s+(\S+):(\d+)\s*$')


def run_single(a, q, limit):
    name, date, dept = q
    cmd = ['nice', '-n', '10', a.bin, 'roll', 'search', '--data', a.data, '--roll', a.roll,
           '--limit', str(limit)]
    if date:
        cmd += ['--born', date]
    if dept:
        cmd += ['--dept', dept]
    cmd.append(name)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    rows = []
    for line in p.stdout.splitlines():
        m = LINE_RX.match(line)
        if m:
            rows.append({'rank': int(m.group(1)), 'score': float(m.group(2)), 'desc': m.group(3),
                         'file': m.group(4), 'line': int(m.group(5))})
    return rows, p.stdout


class LineReader:
    """Random access to CSV lines (1-based, header = 1) via the sparse index gen.py wrote."""
    STEP = 256

    def __init__(self, csv, idx_path):
        import array
        self.idx = array.array('Q')
        with open(idx_path, 'rb') as g:
            self.idx.frombytes(g.read())
        self.f = open(csv, 'rb')
        self.cache = {}

    def get(self, line):
        if line in self.cache:
            return self.cache[line]
        b = (line - 1) // self.STEP
        self.f.seek(self.idx[b])
        first = b * self.STEP + 1
        for k in range(self.STEP):
            l = self.f.readline()
            if not l:
                break
            self.cache[first + k] = l.decode('utf-8').rstrip('\r\n')
        if len(self.cache) > 200000:
            keep = self.cache.get(line)
            self.cache = {line: keep}
        return self.cache.get(line)


def pct(vals, p):
    if not vals:
        return float('nan')
    s = sorted(vals)
    k = max(0, min(len(s) - 1, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


def fmt_pct(num, den):
    return '%5.1f%%' % (100.0 * num / den) if den else '    - '


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--roll', required=True)
    ap.add_argument('--dir', default='/tmp/indep')
    ap.add_argument('--bin', default='/tmp/indep/cortege')
    ap.add_argument('--data', default='/tmp/indep/data')
    ap.add_argument('--reuse', action='store_true', help='reuse saved batch outputs')
    ap.add_argument('--miss-limit', type=int, default=2000)
    a = ap.parse_args()
    D, R = a.dir, a.roll
    qpath = os.path.join(D, 'queries-%s.tsv' % R)
    cpath = os.path.join(D, 'queries-%s.clean.tsv' % R)
    meta = [json.loads(l) for l in open(os.path.join(D, 'queries-%s.meta.jsonl' % R), encoding='utf-8')]
    noisyq = [l.rstrip('\n').split('\t') for l in open(qpath, encoding='utf-8')]
    cleanq = [l.rstrip('\n').split('\t') for l in open(cpath, encoding='utf-8')]
    assert len(meta) == len(noisyq) == len(cleanq)

    ex_out = os.path.join(D, 'out-%s.exact.jsonl' % R)
    no_out = os.path.join(D, 'out-%s.noisy.jsonl' % R)
    ex2_out = os.path.join(D, 'out-%s.exact%d.jsonl' % (R, a.miss_limit))
    no2_out = os.path.join(D, 'out-%s.noisy%d.jsonl' % (R, a.miss_limit))
    outs = [ex_out, no_out, ex2_out, no2_out]
    if a.reuse and all(os.path.exists(p) for p in outs):
        load = lambda p: {d['query']: d for d in map(json.loads, open(p))}
        exact, noisy, exact2, noisy2 = map(load, outs)
    else:
        exact = run_batch(a, cpath, ex_out, ['--exact', '--limit', '21'])
        noisy = run_batch(a, qpath, no_out, ['--limit', '20'])
        # cross-checks with a large limit (same queries)
        exact2 = run_batch(a, cpath, ex2_out, ['--exact', '--limit', str(a.miss_limit)])
        noisy2 = run_batch(a, qpath, no2_out, ['--limit', str(a.miss_limit)])

    lr = LineReader(meta[0]['csv'], os.path.join(D, 'lineidx-%s.bin' % R))
    # sanity: the index gives back the sampled rows
    for m in meta[:50]:
        assert lr.get(m['line']) == m['row']['raw'], (m['line'], lr.get(m['line']), m['row']['raw'])
    dup_hits = collections.Counter()

    def is_target(m, res, where):
        """result is the target line, or a line whose raw CSV text is identical
        (exact duplicate row in the file)."""
        if res == (m['file'], m['line']):
            return True
        if res[0] != m['file']:
            return False
        if lr.get(res[1]) == m['row']['raw']:
            dup_hits[where] += 1
            return True
        return False

    recs = []
    for i, m in enumerate(meta, 1):
        tgt = (m['file'], m['line'])
        ex = [(r['file'], r['line']) for r in exact[i]['results']]
        no = [(r['file'], r['line']) for r in noisy[i]['results']]
        rank = no.index(tgt) + 1 if tgt in no else None
        if rank is None:
            rank = next((k + 1 for k, x in enumerate(no) if is_target(m, x, 'noisy')), None)
        tie = tgt in ex or any(is_target(m, x, 'exact') for x in ex)
        no2 = [(r['file'], r['line']) for r in noisy2[i]['results']]
        rank2 = no2.index(tgt) + 1 if tgt in no2 else None
        if rank2 is None:
            rank2 = next((k + 1 for k, x in enumerate(no2) if is_target(m, x, 'noisy2')), None)
        n1 = noisy[i]['results']
        n2 = noisy2[i]['results']
        same_lines = [x['line'] for x in n1] == [x['line'] for x in n2[:len(n1)]]
        same_scores = [x['score'] for x in n1] == [x['score'] for x in n2[:len(n1)]]
        minsc = min((x['score'] for x in n1), default=None)
        in1 = set(x['line'] for x in n1)
        better_missing = [x for x in n2 if minsc is not None and x['score'] > minsc and x['line'] not in in1]
        recs.append({
            'n_exact2': len(exact2[i]['results']), 'rank2': rank2,
            'same_lines': same_lines, 'same_scores': same_scores, 'better_missing': better_missing,
            'short_list': len(n1) < 20 and len(n2) > len(n1),
            'q': i, 'm': m, 'counts': len(ex) <= 20, 'n_exact': len(ex),
            'tgt_in_exact': tie,
            'r1': rank == 1, 'r20': rank is not None, 'rank': rank,
            'top_ok': bool(no) and no[0] in set(ex),
            'micros': noisy[i]['micros'], 'exact_micros': exact[i]['micros'],
            'results': noisy[i]['results'],
        })

    # expected file
    with open(os.path.join(D, 'expected-%s.txt' % R), 'w', encoding='utf-8') as f:
        for r in recs:
            m = r['m']
            f.write('%d\t%s:%d\t%s\t%d\t%s\n' % (r['q'], m['file'], m['line'], ','.join(m['classes']),
                                                 m['edits'], 'yes' if r['counts'] else 'no'))

    # ---- tables
    out = []
    P = out.append

    def stats(rs):
        c = [r for r in rs if r['counts']]
        u = [r for r in c if r['n_exact'] == 1]
        return (len(rs), len(c),
                sum(r['r1'] for r in c), sum(r['r20'] for r in c), sum(r['top_ok'] for r in c),
                len(u), sum(r['r1'] for r in u),
                sum(r['r1'] for r in rs), sum(r['r20'] for r in rs))

    hdr = '%-26s %5s %6s | %6s %6s %6s | %5s %6s | %6s %6s' % (
        'class', 'n', 'counts', 'R@1', 'R@20', 'top=TF', 'nuniq', 'R@1u', 'R@1all', 'R20all')

    def row(label, rs):
        n, nc, r1, r20, tok, nu, r1u, a1, a20 = stats(rs)
        f = lambda x, y: fmt_pct(x, y).strip().rjust(6)
        return '%-26s %5d %6s | %6s %6s %6s | %5d %6s | %6s %6s' % (
            label, n, f(nc, n), f(r1, nc), f(r20, nc), f(tok, nc), nu, f(r1u, nu),
            f(a1, n), f(a20, n))

    P('roll %s: %d queries (%s)' % (R, len(recs), qpath))
    P('R@1, R@20, top=TF are over queries that count (typo-free form matches <= 20 entries in --exact);')
    P('"counts" = share of queries that count; R@1all/R@20all are over all queries.')
    P('top=TF: first noisy result is one of the exact-mode results of the typo-free form.')
    P('nuniq/R@1u: counting queries whose typo-free form has exactly 1 exact-mode result, and R@1 on them.')
    P('A result pointing to a line whose CSV text is identical to the target line (duplicate row) counts as the target.')
    P('')
    P(hdr)
    P('-' * len(hdr))
    P(row('ALL', recs))
    P('')
    P('per edit count (sum over name parts of OSA distance, accents/case/hyphens ignored)')
    P(hdr)
    byed = collections.defaultdict(list)
    for r in recs:
        byed[min(r['m']['edits'], 4)].append(r)
    for k in sorted(byed):
        P(row('edits=%d%s' % (k, '+' if k == 4 else ''), byed[k]))
    P('')
    P('per class (multi-label: a query is in every class it carries)')
    P(hdr)
    bycl = collections.defaultdict(list)
    for r in recs:
        for c in set(r['m']['classes']):
            bycl[c].append(r)
    order = ['stratum', 'profile', 'op', 'pos', 'kbd', 'short_typo', 'phon', 'phonrule', 'name', 'fn',
             'order', 'case', 'fmt', 'date', 'dept']
    keyf = lambda c: (order.index(c.split(':')[0]) if c.split(':')[0] in order else 99, c)
    for c in sorted(bycl, key=keyf):
        P(row(c, bycl[c]))
    P('')
    # latency
    mic = [r['micros'] for r in recs]
    emic = [r['exact_micros'] for r in recs]
    P('latency, noisy batch --limit 20 (micros field): p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.2f ms  mean %.2f ms'
      % tuple(x / 1000.0 for x in (pct(mic, 50), pct(mic, 95), pct(mic, 99), max(mic), sum(mic) / len(mic))))
    P('latency, exact batch --limit 21 (typo-free):      p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.2f ms'
      % tuple(x / 1000.0 for x in (pct(emic, 50), pct(emic, 95), pct(emic, 99), max(emic))))
    tie = sum(1 for r in recs if r['tgt_in_exact'])
    P('sanity: target row among the exact-mode results of its typo-free form: %d/%d; '
      'of those counting: %d/%d' % (tie, len(recs), sum(1 for r in recs if r['counts'] and r['tgt_in_exact']),
                                    sum(1 for r in recs if r['counts'])))
    P('results accepted as target via an identical duplicate row: noisy %d, exact %d'
      % (dup_hits['noisy'], dup_hits['exact']))
    bad = [r for r in recs if r['counts'] and not r['tgt_in_exact']]
    for r in bad:
        P('  exact-mode anomaly: Q%d typo-free %r (%d results) does not include target %s:%d'
          % (r['q'], ' | '.join(cleanq[r['q'] - 1]), r['n_exact'], r['m']['file'], r['m']['line']))
    # ---- consistency cross-checks with --limit %d
    L = a.miss_limit
    P('')
    P('cross-checks, same queries re-run with --limit %d:' % L)
    d21 = [r for r in recs if r['counts'] and r['n_exact2'] > 20]
    dfew = [r for r in recs if r['n_exact'] < 21 and r['n_exact2'] != r['n_exact']]
    P('  exact mode: typo-free forms with < 21 results at --limit 21 but a different count at --limit %d: %d '
      '(of which %d exceed 20, i.e. would not count)' % (L, len(dfew), len(d21)))
    for r in dfew[:10]:
        P('    Q%d %r: %d results at --limit 21, %d at --limit %d'
          % (r['q'], ' | '.join(cleanq[r['q'] - 1]), r['n_exact'], r['n_exact2'], L))
    c2 = [r for r in recs if r['n_exact2'] <= 20]
    P('  share counting if defined from the --limit %d exact run: %s (%d)' % (L, fmt_pct(len(c2), len(recs)).strip(), len(c2)))
    P('  noisy mode: result lines of --limit 20 differ from the first 20 of --limit %d: %d queries; '
      'scores differ: %d' % (L, sum(not r['same_lines'] for r in recs), sum(not r['same_scores'] for r in recs)))
    bm = [r for r in recs if r['better_missing']]
    P('  noisy mode: --limit %d run has a result scoring above the lowest --limit 20 score but absent from the '
      '--limit 20 list: %d queries' % (L, len(bm)))
    for r in bm[:5]:
        P('    Q%d %r: lowest --limit 20 score %.2f, e.g. %s' % (
            r['q'], ' | '.join(noisyq[r['q'] - 1]), min(x['score'] for x in r['results']),
            ', '.join('line %d score %.2f' % (x['line'], x['score']) for x in r['better_missing'][:3])))
    sl = [r for r in recs if r['short_list']]
    P('  noisy mode: --limit 20 returned < 20 results while --limit %d returned more: %d queries' % (L, len(sl)))
    g = sum(1 for r in recs if not r['r20'] and r['rank2'] and r['rank2'] <= 20)
    l = sum(1 for r in recs if r['r20'] and not (r['rank2'] and r['rank2'] <= 20))
    P('  target in top 20 of the --limit %d run but not in the --limit 20 run: %d; the reverse: %d' % (L, g, l))
    cc = [r for r in recs if r['counts']]
    P('  R@20 (counting queries) using the first 20 of the --limit %d run: %s'
      % (L, fmt_pct(sum(1 for r in cc if r['rank2'] and r['rank2'] <= 20), len(cc)).strip()))
    nx = collections.Counter(min(r['n_exact'], 21) for r in recs)
    P('exact-mode result count of typo-free forms: ' +
      ', '.join('%s:%d' % ('21+' if k == 21 else k, nx[k]) for k in sorted(nx)))

    # ---- misses
    misses = [r for r in recs if not r['r20']]
    t0 = time.time()
    with open(os.path.join(D, 'misses-%s.txt' % R), 'w', encoding='utf-8') as f:
        f.write('# recall@20 misses for roll %s: %d of %d queries (%d of them count)\n' % (
            R, len(misses), len(recs), sum(r['counts'] for r in misses)))
        f.write('# rank = target rank in the batch re-run with --limit %d; top 3 = single-query CLI with --limit 20\n\n' % a.miss_limit)
        for r in misses:
            m = r['m']
            row_ = m['row']
            rows, raw = run_single(a, noisyq[r['q'] - 1], 20)
            rank = r['rank2']
            r['deep_rank'] = rank
            f.write('Q%d  query: %s\n' % (r['q'], ' | '.join(noisyq[r['q'] - 1])))
            f.write('     typo-free: %s   counts=%s (exact results: %s)  edits=%d\n' % (
                ' | '.join(cleanq[r['q'] - 1]), 'yes' if r['counts'] else 'no',
                '21+' if r['n_exact'] > 20 else r['n_exact'], m['edits']))
            f.write('     classes: %s\n' % ','.join(m['classes']))
            f.write('     target %s:%d  birth=%s usage=%s prenoms=%s date=%s dept=%s\n' % (
                m['file'], m['line'], row_['birth'], row_['usage'] or '-', row_['prenoms'], row_['date'], row_['dept']))
            f.write('     target rank with --limit %d: %s (of %d results)\n' % (
                a.miss_limit, rank if rank else 'not found', len(noisy2[r['q']]['results'])))
            for x in rows[:3]:
                f.write('     %2d. %6.3f  %s — %s:%d\n' % (x['rank'], x['score'], x['desc'], x['file'], x['line']))
            if not rows:
                f.write('     (no results) %s\n' % raw.strip()[:200])
            b3 = [(x['line'], x['score']) for x in r['results'][:3]]
            s3 = [(x['line'], x['score']) for x in rows[:3]]
            if b3 != s3:
                f.write('     note: batch --limit 20 top 3 differ from the single-query CLI: %s\n' % b3)
            f.write('\n')
    if misses:
        dr = [r['deep_rank'] for r in misses]
        P('misses: %d (counting: %d); target rank in the --limit %d run: <=100: %d, 101-%d: %d, not found: %d  (%.0fs)'
          % (len(misses), sum(r['counts'] for r in misses), a.miss_limit,
             sum(1 for x in dr if x and x <= 100), a.miss_limit, sum(1 for x in dr if x and x > 100),
             sum(1 for x in dr if not x), time.time() - t0))
        found_le20 = sum(1 for x in dr if x and x <= 20)
        if found_le20:
            P('  note: %d misses have the target within rank 20 at --limit %d' % (found_le20, a.miss_limit))
    text = '\n'.join(out) + '\n'
    with open(os.path.join(D, 'report-%s.txt' % R), 'w') as f:
        f.write(text)
    print(text)


if __name__ == '__main__':
    main()
