#!/usr/bin/env python3
"""Independent noisy-query generator for the cortege voter-roll search.

Step 1 (sample): one streaming pass over the roll CSV, reservoir sampling
(Algorithm R, fixed seed) of valid rows into three reservoirs:
  main  - uniform over all valid rows
  short - uniform over valid rows whose birth surname or first first name
          has 2-4 letters
  apos  - uniform over valid rows whose birth or usage name contains an
          apostrophe
Valid = 10 fields, non-empty birth surname and first names, real calendar
date with 1900 <= year <= 2025.  The sample is cached in
DIR/sample-ROLL.json and reused on later runs (same csv/seed/sizes).

Step 2 (gen): each sampled row becomes one noisy query plus its typo-free
form (same name parts, same order, same date format, same departement,
roll spelling).  Outputs (in DIR):
  queries-ROLL.tsv         noisy queries, batch format name<TAB>date<TAB>dept
  queries-ROLL.clean.tsv   typo-free forms, same format, same order
  queries-ROLL.meta.jsonl  one JSON object per query (target line, classes,
                           edits, row fields)

Usage:
  python3 gen.py --csv /tmp/r10m2.csv --roll r10 --n 3000 [--seed 20241121]
"""
import argparse
import datetime
import json
import os
import random
import re
import sys
import time
import unicodedata

CUR_YEAR = 2025

# ---------------------------------------------------------------- helpers


def strip_accents(s):
    return ''.join(c for c in unicodedata.normalize('NFD', s)
                   if unicodedata.category(c) != 'Mn')


def letters_norm(s):
    """Uppercase, accents removed, letters only (formatting-insensitive)."""
    s = strip_accents(s).upper()
    return ''.join(c for c in s if 'A' <= c <= 'Z')


def osa(a, b):
    """Optimal string alignment distance (Damerau with adjacent transpositions)."""
    la, lb = len(a), len(b)
    d = [[0] * (lb + 1) for _ in range(la + 1)]
    for i in range(la + 1):
        d[i][0] = i
    for j in range(lb + 1):
        d[0][j] = j
    for i in range(1, la + 1):
        for j in range(1, lb + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            v = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, d[i - 2][j - 2] + 1)
            d[i][j] = v
    return d[la][lb]


def nletters(s):
    return len(letters_norm(s))


def valid_date(d):
    if len(d) != 10 or d[2] != '/' or d[5] != '/':
        return None
    try:
        dd, mm, yy = int(d[:2]), int(d[3:5]), int(d[6:])
        if yy < 1900 or yy > CUR_YEAR:
            return None
        return datetime.date(yy, mm, dd)
    except ValueError:
        return None


# ---------------------------------------------------------------- sampling

def is_short_row(birth, prenoms):
    if len(birth) <= 6 and 2 <= nletters(birth) <= 4 and ' ' not in birth.strip() and '-' not in birth:
        return True
    first = prenoms.split(None, 1)[0]
    return len(first) <= 6 and '-' not in first and 2 <= nletters(first) <= 4


IDX_STEP = 256


def sample(csv_path, sizes, seed, idx_path):
    """One streaming pass (binary mode, lines split on \\n only).  Also writes a
    sparse line-offset index: byte offset of lines 1, 1+IDX_STEP, 1+2*IDX_STEP..."""
    import array
    rng = random.Random(seed)
    res = {k: [] for k in sizes}
    seen = {k: 0 for k in sizes}
    stats = {'rows': 0, 'badcols': 0, 'empty_name': 0, 'bad_date': 0}
    idx = array.array('Q')
    t0 = time.time()
    with open(csv_path, 'rb') as f:
        idx.append(0)
        pos = len(f.readline())
        lineno = 1
        for bline in f:
            lineno += 1
            if (lineno - 1) % IDX_STEP == 0:
                idx.append(pos)
            pos += len(bline)
            stats['rows'] += 1
            line = bline.decode('utf-8')
            p = line.rstrip('\r\n').split(';')
            if len(p) != 10:
                stats['badcols'] += 1
                continue
            birth, prenoms = p[4].strip(), p[6].strip()
            if not birth or not prenoms or not any(c.isalpha() for c in birth):
                stats['empty_name'] += 1
                continue
            if valid_date(p[8]) is None:
                stats['bad_date'] += 1
                continue
            cats = ['main']
            if "'" in p[4] or "'" in p[5]:
                cats.append('apos')
            if 'short' in sizes and is_short_row(birth, prenoms):
                cats.append('short')
            for c in cats:
                if c not in sizes:
                    continue
                seen[c] += 1
                n = seen[c]
                if len(res[c]) < sizes[c]:
                    res[c].append((lineno, p))
                else:
                    j = rng.randrange(n)
                    if j < sizes[c]:
                        res[c][j] = (lineno, p)
            if lineno % 5000000 == 0:
                print('  ... %d lines, %.0fs' % (lineno, time.time() - t0), file=sys.stderr)
    stats['valid_seen'] = seen
    with open(idx_path + '.tmp', 'wb') as g:
        idx.tofile(g)
    os.replace(idx_path + '.tmp', idx_path)
    out = {}
    for c, rows in res.items():
        rows.sort()
        out[c] = [{'line': ln, 'dept': p[0], 'commune': p[1], 'commune_name': p[2],
                   'list': p[3], 'birth': p[4], 'usage': p[5], 'prenoms': p[6],
                   'sex': p[7], 'date': p[8], 'raw': ';'.join(p)} for ln, p in rows]
    return out, stats


# ---------------------------------------------------------------- typo model

AZERTY_ROWS = ['AZERTYUIOP', 'QSDFGHJKLM', 'WXCVBN']


def build_adjacency():
    adj = {c: set() for r in AZERTY_ROWS for c in r}
    r1, r2, r3 = AZERTY_ROWS
    for row in AZERTY_ROWS:
        for i, c in enumerate(row):
            if i > 0:
                adj[c].add(row[i - 1])
            if i + 1 < len(row):
                adj[c].add(row[i + 1])
    # row2 key i sits below row1 keys i and i+1; row3 key i below row2 keys i and i+1
    for i, c in enumerate(r2):
        for k in (i, i + 1):
            if k < len(r1):
                adj[c].add(r1[k])
                adj[r1[k]].add(c)
    for i, c in enumerate(r3):
        for k in (i, i + 1):
            if k < len(r2):
                adj[c].add(r2[k])
                adj[r2[k]].add(c)
    return {c: sorted(v) for c, v in adj.items()}


ADJ = build_adjacency()
ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'


def is_letter(c):
    return c.isalpha()


def letter_positions(s):
    return [i for i, c in enumerate(s) if is_letter(c)]


def base(c):
    return strip_accents(c).upper() or c


def typo_op(s, rng, op=None):
    """Apply one character edit to the letters of s (uppercase string that may
    contain spaces/hyphens/apostrophes).  Returns (new, op_label, pos_label)."""
    pos = letter_positions(s)
    if len(pos) < 2:
        return None
    ops = ['sub', 'ins', 'del', 'transp']
    if op is None:
        op = rng.choices(ops, weights=[40, 20, 20, 20])[0]
    first, last = pos[0], pos[-1]

    def pos_label(idx):
        if idx == first:
            return 'first'
        if idx == last:
            return 'last'
        return 'inner'

    if op == 'sub':
        i = rng.choice(pos)
        c = base(s[i])
        if rng.random() < 0.5 and c in ADJ:
            new = rng.choice(ADJ[c])
            lab = 'kbd'
        else:
            new = rng.choice([x for x in ALPHA if x != c])
            lab = 'sub'
        return s[:i] + new + s[i + 1:], lab, pos_label(i)
    if op == 'del':
        i = rng.choice(pos)
        return s[:i] + s[i + 1:], 'del', pos_label(i)
    if op == 'ins':
        # insertion before letter pos[k] or after the last letter
        k = rng.randrange(len(pos) + 1)
        if k == len(pos):
            at = last + 1
            neigh = base(s[last])
            plab = 'last'
        else:
            at = pos[k]
            neigh = base(s[at])
            plab = 'first' if k == 0 else 'inner'
        r = rng.random()
        if r < 0.4:
            ch = neigh                       # doubled key
        elif r < 0.7 and neigh in ADJ:
            ch = rng.choice(ADJ[neigh])      # neighbouring key hit too
        else:
            ch = rng.choice(ALPHA)
        return s[:at] + ch + s[at:], 'ins', plab
    if op == 'transp':
        cand = [i for i in range(len(s) - 1)
                if is_letter(s[i]) and is_letter(s[i + 1]) and base(s[i]) != base(s[i + 1])]
        if not cand:
            return None
        i = rng.choice(cand)
        plab = 'first' if i == first else ('last' if i + 1 == last else 'inner')
        return s[:i] + s[i + 1] + s[i] + s[i + 2:], 'transp', plab
    return None


# French phonetic misspellings: (family, label, regex, replacement)
V = 'AEIOUYÉÈÊËÀÂÎÏÔÛÙÜ'
PHON_RULES = [
    ('ph_f', 'PH>F', r'PH', 'F'),
    ('ph_f', 'F>PH', r'F(?!F)', 'PH'),
    ('c_k_qu', 'C>K', r'C(?=[AOU])', 'K'),
    ('c_k_qu', 'K>C', r'K(?=[AOU])', 'C'),
    ('c_k_qu', 'QU>K', r'QU', 'K'),
    ('c_k_qu', 'K>QU', r'K(?=[EI])', 'QU'),
    ('c_k_qu', 'C>QU', r'C(?=[AO])', 'QU'),
    ('c_k_qu', 'CK>K', r'CK', 'K'),
    ('s_ss_z', 'S>Z', r'(?<=[%s])S(?=[%s])' % (V, V), 'Z'),
    ('s_ss_z', 'Z>S', r'Z', 'S'),
    ('s_ss_z', 'SS>S', r'SS', 'S'),
    ('s_ss_z', 'S>SS', r'(?<=[%s])S(?=[%s])' % (V, V), 'SS'),
    ('s_ss_z', 'C>SS', r'(?<=[%s])C(?=[EI])' % V, 'SS'),
    ('s_ss_z', 'Ç>SS', r'Ç', 'SS'),
    ('ai_e', 'AI>E', r'AI', 'E'),
    ('ai_e', 'AI>É', r'AI', 'É'),
    ('ai_e', 'EI>E', r'EI', 'E'),
    ('ai_e', 'È>AI', r'[ÈÊ]', 'AI'),
    ('ai_e', 'É>AI', r'É', 'AI'),
    ('ai_e', 'ET$>AI', r'ET$', 'AIT'),
    ('ai_e', 'ER$>É', r'ER$', 'É'),
    ('ai_e', 'E>AI', r'(?<=[^AEIOU])E(?=[^AEIOU\s-])', 'AI'),
    ('eau_o', 'EAU>O', r'EAU', 'O'),
    ('eau_o', 'EAU>AU', r'EAU', 'AU'),
    ('eau_o', 'AU>O', r'(?<!E)AU', 'O'),
    ('eau_o', 'AU>EAU', r'(?<!E)AU', 'EAU'),
    ('eau_o', 'O>AU', r'(?<![AEOU])O(?![UIN])', 'AU'),
    ('dbl', 'undouble', r'([BCDFGLMNPRST])\1', r'\1'),
    ('dbl', 'double', r'(?<=[%s])([BCDFGLMNPRT])(?=[%s])' % (V, V), r'\1\1'),
    ('silent', 'drop_final', r'[TSXDZ]$', ''),
    ('silent', 'add_final', r'(?<=[EAIOUÉ])$', '*'),   # * = one of T S X D
    ('other', 'AN>EN', r'AN(?![AEIOUN])', 'EN'),
    ('other', 'EN>AN', r'EN(?![AEIOUN])', 'AN'),
    ('other', 'Y>I', r'Y', 'I'),
    ('other', 'I>Y', r'(?<=[A-Z])I(?=[A-Z])', 'Y'),
    ('other', 'TH>T', r'TH', 'T'),
    ('other', 'H_drop', r'^H|(?<=[^CSPT])H', ''),
    ('other', 'GE>JE', r'G(?=[EI])', 'J'),
    ('other', 'IN>AIN', r'(?<![AE])IN(?![AEIOUN])', 'AIN'),
]
PHON_COMPILED = [(fam, lab, re.compile(rx), rep) for fam, lab, rx, rep in PHON_RULES]


def phon_candidates(word):
    """word: one token (no spaces).  Returns list of (family, label, new_word)."""
    out = []
    for fam, lab, rx, rep in PHON_COMPILED:
        for m in rx.finditer(word):
            if rep == '*':
                continue  # handled below
            r = m.expand(rep) if '\\' in rep else rep
            new = word[:m.start()] + r + word[m.end():]
            if new != word:
                out.append((fam, lab, new, m.start()))
    if word and word[-1] in 'EAIOUÉ':
        out.append(('silent', 'add_final', word + '*', len(word)))
    return out


def phon_op(s, rng, fam_weights=None):
    """Apply one phonetic misspelling to one token of s."""
    toks = [(m.start(), m.group()) for m in re.finditer(r"[^\s'-]+", s)]
    cands = []
    for start, w in toks:
        for fam, lab, new, at in phon_candidates(w):
            cands.append((fam, lab, start, w, new))
    if not cands:
        return None
    fams = sorted(set(c[0] for c in cands))
    fam = rng.choice(fams)
    c = rng.choice([c for c in cands if c[0] == fam])
    fam, lab, start, w, new = c
    if new.endswith('*'):
        new = new[:-1] + rng.choice('TSXD')
    return s[:start] + new + s[start + len(w):], fam, lab


# ---------------------------------------------------------------- query building

def titlecase(s):
    out, up = [], True
    for c in s:
        out.append(c.upper() if up else c.lower())
        up = not c.isalpha()
    return ''.join(out)


def apply_case(s, mode, rng):
    if mode == 'upper':
        return s.upper()
    if mode == 'lower':
        return s.lower()
    return titlecase(s)


def make_query(row, stratum, rng):
    classes = ['stratum:' + stratum]
    birth = ' '.join(row['birth'].split())
    usage = ' '.join(row['usage'].split())
    firsts = row['prenoms'].split()

    short_target = None
    if stratum == 'short':
        if is_short_surname(birth) and (not is_short_first(firsts[0]) or rng.random() < 0.5):
            short_target = 'sur'
        else:
            short_target = 'first'
    # --- which surname
    if short_target == 'sur':
        surname, sclass = birth, 'name:birth'
    elif usage and letters_norm(usage) != letters_norm(birth) and rng.random() < 0.4 and stratum != 'apos':
        surname, sclass = usage, 'name:usage'
    else:
        surname, sclass = birth, 'name:birth'
    if stratum == 'apos' and "'" not in birth and usage:
        surname, sclass = usage, 'name:usage'
    classes.append(sclass)

    # --- which first names
    r = rng.random()
    if short_target == 'first' and not (len(firsts) > 1 and r < 0.3):
        fsel, fclass = [firsts[0]], 'fn:first' if len(firsts) > 1 else 'fn:only'
    elif short_target == 'first':
        fsel, fclass = list(firsts), 'fn:all'
    elif len(firsts) > 1 and r < 0.2:
        k = rng.randrange(1, len(firsts))
        fsel, fclass = [firsts[k]], 'fn:later'
    elif len(firsts) > 1 and r < 0.4:
        fsel, fclass = list(firsts), 'fn:all'
    else:
        fsel, fclass = [firsts[0]], 'fn:first' if len(firsts) > 1 else 'fn:only'
    classes.append(fclass)

    # parts: list of [kind, original, noisy(upper)]
    parts = [['sur', surname, surname.upper()]] + [['first', f, f.upper()] for f in fsel]

    # --- typo profile
    if stratum == 'short':
        profile = 'short1'
    else:
        profile = rng.choices(
            ['clean', 'e1', 'e2', 'e1x2', 'e2x2', 'phon', 'phon+e1'],
            weights=[20, 25, 13, 10, 5, 20, 7])[0]
    edited_parts = set()

    def pick_part(exclude=()):
        cand = [i for i, p in enumerate(parts) if i not in exclude and nletters(p[2]) >= 2]
        if not cand:
            return None
        if 0 in cand and rng.random() < 0.5:
            return 0
        fc = [i for i in cand if i != 0]
        return rng.choice(fc) if fc else cand[0]

    def do_edits(i, n):
        orig = letters_norm(parts[i][2])
        for _ in range(50):
            s, labs = parts[i][2], []
            ok = True
            for _k in range(n):
                r = typo_op(s, rng)
                if r is None:
                    ok = False
                    break
                s = r[0]
                labs.append(r)
            if ok and osa(orig, letters_norm(s)) == n and letters_norm(s):
                parts[i][2] = s
                for _s, op, pos in labs:
                    classes.append('op:' + op)
                    if pos != 'inner':
                        classes.append('pos:' + pos)
                if 2 <= len(orig) <= 4:
                    classes.append('short_typo')
                edited_parts.add(i)
                return True
        return False

    def do_phon():
        idx = list(range(len(parts)))
        rng.shuffle(idx)
        # prefer surname half of the time
        if rng.random() < 0.5:
            idx.remove(0)
            idx.insert(0, 0)
        for i in idx:
            r = phon_op(parts[i][2], rng)
            if r:
                parts[i][2] = r[0]
                classes.append('phon:' + r[1])
                classes.append('phonrule:' + r[2])
                edited_parts.add(i)
                return i
        return None

    if profile == 'short1':
        # typo in the short (2-4 letter) part
        target = 0 if short_target == 'sur' else 1  # parts[1] is firsts[0] here
        if not do_edits(target, 1):
            profile = 'clean'
    elif profile == 'e1':
        i = pick_part()
        if i is None or not do_edits(i, 1):
            profile = 'clean'
    elif profile == 'e2':
        i = pick_part()
        if i is None or not do_edits(i, 2):
            profile = 'clean'
    elif profile in ('e1x2', 'e2x2'):
        n = 1 if profile == 'e1x2' else 2
        if len(parts) < 2:
            profile = 'e1' if n == 1 else 'e2'
        i = pick_part()
        j = pick_part(exclude=(i,)) if len(parts) >= 2 else None
        if i is None:
            profile = 'clean'
        else:
            do_edits(i, n)
            if j is not None:
                do_edits(j, n)
    elif profile in ('phon', 'phon+e1'):
        i = do_phon()
        if i is None:
            profile = 'clean'
        elif profile == 'phon+e1':
            j = pick_part(exclude=(i,))
            if j is None or not do_edits(j, 1):
                profile = 'phon'
    classes.append('profile:' + profile)
    if any(c.startswith('op:kbd') for c in classes):
        classes.append('kbd')

    # --- formatting: accents, hyphens, apostrophes, case
    has_acc = any(strip_accents(p[2]) != p[2] for p in parts)
    if has_acc:
        if rng.random() < 0.5:
            for p in parts:
                p[2] = strip_accents(p[2])
            classes.append('fmt:accents_removed')
        else:
            classes.append('fmt:accents_kept')
    has_hyph = any('-' in p[2] for p in parts)
    if has_hyph:
        m = rng.choices(['kept', 'space', 'removed'], weights=[40, 30, 30])[0]
        for p in parts:
            p[2] = p[2].replace('-', {'kept': '-', 'space': ' ', 'removed': ''}[m])
        classes.append('fmt:hyphen_' + m)
    has_apos = any("'" in p[2] for p in parts)
    if has_apos:
        m = rng.choices(['kept', 'space', 'removed'], weights=[34, 33, 33])[0]
        for p in parts:
            p[2] = p[2].replace("'", {'kept': "'", 'space': ' ', 'removed': ''}[m])
        classes.append('fmt:apos_' + m)
    case = rng.choices(['upper', 'lower', 'mixed'], weights=[40, 30, 30])[0]
    classes.append('case:' + case)
    # mixed: surname upper + first names title case half the time (assessor style)
    noisy_parts = []
    for k, p in enumerate(parts):
        if case == 'mixed' and p[0] == 'sur' and rng.random() < 0.5:
            noisy_parts.append(p[2].upper())
        else:
            noisy_parts.append(apply_case(p[2], case, rng))

    # --- order
    if rng.random() < 0.55:
        order = 'order:first_first'
        noisy = noisy_parts[1:] + noisy_parts[:1]
        clean = [p[1] for p in parts[1:]] + [parts[0][1]]
    else:
        order = 'order:surname_first'
        noisy = noisy_parts
        clean = [p[1] for p in parts]
    classes.append(order)
    noisy_name = ' '.join(noisy)
    clean_name = ' '.join(clean)

    # --- date
    dm = rng.choices(['dmy', 'iso', 'year', 'none'], weights=[25, 20, 30, 25])[0]
    d = row['date']
    date = {'dmy': d, 'iso': '%s-%s-%s' % (d[6:], d[3:5], d[:2]), 'year': d[6:], 'none': ''}[dm]
    classes.append('date:' + dm)
    # --- departement
    if rng.random() < 0.3:
        dept = row['dept']
        classes.append('dept:yes')
    else:
        dept = ''
        classes.append('dept:no')

    edits = sum(osa(letters_norm(p[1]), letters_norm(p[2])) for p in parts)
    return {'noisy': [noisy_name, date, dept], 'clean': [clean_name, date, dept],
            'classes': classes, 'edits': edits,
            'parts': [[p[0], p[1], p[2]] for p in parts]}


def is_short_surname(b):
    return 2 <= nletters(b) <= 4 and ' ' not in b.strip() and '-' not in b


def is_short_first(f):
    return '-' not in f and 2 <= nletters(f) <= 4


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--csv', required=True)
    ap.add_argument('--roll', required=True)
    ap.add_argument('--n', type=int, default=3000)
    ap.add_argument('--seed', type=int, default=20241121)
    ap.add_argument('--dir', default='/tmp/indep')
    ap.add_argument('--short-share', type=float, default=0.05)
    ap.add_argument('--apos-share', type=float, default=0.05)
    a = ap.parse_args()

    n_short = int(round(a.n * a.short_share))
    n_apos = int(round(a.n * a.apos_share))
    n_main = a.n - n_short - n_apos
    sizes = {'main': n_main, 'short': n_short, 'apos': n_apos}
    cache = os.path.join(a.dir, 'sample-%s.json' % a.roll)
    key = {'csv': os.path.abspath(a.csv), 'size': os.path.getsize(a.csv), 'seed': a.seed, 'sizes': sizes,
           'idx_step': IDX_STEP}
    samp = None
    if os.path.exists(cache):
        with open(cache) as f:
            c = json.load(f)
        if c.get('key') == key:
            samp = c
            print('using cached sample', cache, file=sys.stderr)
    if samp is None:
        t0 = time.time()
        rows, stats = sample(a.csv, sizes, a.seed, os.path.join(a.dir, 'lineidx-%s.bin' % a.roll))
        print('sampled in %.0fs: %s' % (time.time() - t0, stats), file=sys.stderr)
        samp = {'key': key, 'stats': stats, 'rows': rows}
        with open(cache + '.tmp', 'w') as f:
            json.dump(samp, f)
        os.replace(cache + '.tmp', cache)

    rng = random.Random(a.seed * 7 + 1)
    items = []
    for stratum in ('main', 'short', 'apos'):
        for row in samp['rows'][stratum]:
            items.append((stratum, row))
    rng.shuffle(items)
    fname = os.path.basename(a.csv)
    qp = os.path.join(a.dir, 'queries-%s.tsv' % a.roll)
    cp = os.path.join(a.dir, 'queries-%s.clean.tsv' % a.roll)
    mp = os.path.join(a.dir, 'queries-%s.meta.jsonl' % a.roll)
    with open(qp, 'w') as fq, open(cp, 'w') as fc, open(mp, 'w') as fm:
        for k, (stratum, row) in enumerate(items, 1):
            q = make_query(row, stratum, rng)
            for fld in q['noisy'] + q['clean']:
                assert '\t' not in fld and '\n' not in fld
            fq.write('\t'.join(q['noisy']) + '\n')
            fc.write('\t'.join(q['clean']) + '\n')
            q.update({'q': k, 'file': fname, 'csv': os.path.abspath(a.csv), 'line': row['line'], 'row': row})
            fm.write(json.dumps(q, ensure_ascii=False) + '\n')
    print('wrote %d queries: %s %s %s' % (len(items), qp, cp, mp), file=sys.stderr)


if __name__ == '__main__':
    main()
