import { Analyzer } from './analyzer';
import { foldText, foldTextWithOffsets } from './normalize';
import { DEFAULT_DICTIONARY, DEFAULT_SYNONYMS } from './synonyms';

const analyzer = new Analyzer({ dictionary: DEFAULT_DICTIONARY, synonyms: DEFAULT_SYNONYMS });
const bare = new Analyzer({ dictionary: [], synonyms: null });
const labels = (q: string, a: Analyzer = analyzer) => a.parseQuery(q).clauses.map((c) => c.label);

describe('folding', () => {
  const folded: Record<string, string> = {
    'ＪＳＭ－７８００Ｆ': 'jsm-7800f',
    'ICP－MS　质谱仪': 'icp-ms 质谱仪',
    'Mössbauer Brüel Güralp MALÅ': 'mossbauer bruel guralp mala',
    'NHT³': 'nht3',
    'CO₂': 'co2',
  };
  it.each(Object.entries(folded))('folds %s to %s (NFKC, case, Latin diacritics)', (raw, expected) => {
    expect(foldText(raw)).toBe(expected);
  });

  it('turns control characters, format characters and lone surrogates into spaces, keeping offsets aligned', () => {
    const raw = 'a\u0000b\u200bc\ud800d\udc00e';
    expect(foldText(raw)).toBe('a b c d e');
    const { text, origin } = foldTextWithOffsets('ＡB');
    expect(text).toBe('ab');
    expect([...origin]).toEqual([0, 1]);
  });

  it('keeps Han characters as they are', () => {
    expect(foldText('扫描电子显微镜')).toBe('扫描电子显微镜');
  });
});

describe('index terms', () => {
  it('cuts CJK text into every bigram, so a two-character word matches inside a longer name', () => {
    const terms = bare.terms('扫描电子显微镜');
    expect(terms).toEqual(expect.arrayContaining(['扫描', '描电', '电子', '子显', '显微', '微镜']));
  });

  it('adds every dictionary word found inside CJK text', () => {
    const terms = analyzer.terms('场发射扫描电子显微镜');
    expect(terms).toEqual(expect.arrayContaining(['场发射', '扫描电子显微镜', '电子显微镜', '显微镜']));
    expect(bare.terms('场发射扫描电子显微镜')).not.toContain('显微镜');
  });

  it('indexes a lone CJK character next to Latin text as a unigram', () => {
    expect(bare.terms('PCR仪')).toEqual(['pcr', '仪']);
  });

  it('splits model numbers into parts, their joined form, and letter/digit runs', () => {
    expect(bare.terms('JSM-7800F')).toEqual(['jsm', '7800f', '7800', 'jsm7800f']);
    expect(bare.terms('CFX96 Touch')).toEqual(['cfx96', 'cfx', '96', 'touch']);
    expect(bare.terms('6546 LC/Q-TOF')).toEqual(['6546', 'lc', 'q', 'tof', 'lcqtof']);
  });

  it('separates Latin and CJK in mixed strings', () => {
    expect(bare.terms('ICP-MS质谱仪')).toEqual(['icp', 'ms', 'icpms', '质谱', '谱仪']);
    expect(analyzer.terms('ICP-MS质谱仪')).toContain('质谱仪');
  });

  it('keys a model designation by all its letters and digits', () => {
    for (const variant of ['JSM-7800F', 'jsm7800f', 'JSM 7800F', 'jsm-7800f', 'ＪＳＭ－７８００Ｆ']) expect(analyzer.modelKey(variant)).toBe('jsm7800f');
  });

  it('never indexes absurdly long tokens', () => {
    expect(bare.terms(`${'a'.repeat(65)} ok`)).toEqual(['ok']);
  });
});

describe('query parsing', () => {
  it('segments Chinese by forward maximum matching over dictionary and synonym phrases', () => {
    expect(labels('透射电镜价格')).toEqual(['透射电镜', '价格']);
    expect(labels('场发射扫描电子显微镜')).toEqual(['场发射扫描电子显微镜']);
  });

  it('drops isolated Chinese function characters and English stop words', () => {
    expect(labels('扫描电镜的')).toEqual(['扫描电镜']);
    expect(labels('the scanning electron microscope for materials')).toEqual(['scanning electron microscope', 'materials']);
  });

  it('reads a mixed string as a Latin compound and a Chinese word', () => {
    expect(labels('ICP-MS质谱仪')).toEqual(['icp-ms', '质谱仪']);
  });

  it('offers the joined form and the parts of a compound, and the letter/digit runs of a mixed word', () => {
    const [compound] = bare.parseQuery('jsm-7800f').clauses;
    expect(compound.alternatives.map((a) => a.terms)).toEqual(expect.arrayContaining([['7800f', 'jsm'], ['jsm7800f']]));
    const [word] = bare.parseQuery('jsm7800f').clauses;
    expect(word.alternatives.map((a) => a.terms)).toEqual(expect.arrayContaining([['jsm7800f'], ['7800', 'jsm']]));
  });

  it('expands a synonym phrase to its group, the literal weighing most', () => {
    const [clause] = analyzer.parseQuery('SEM').clauses;
    const weightOf = (term: string) => clause.alternatives.find((a) => a.terms.length === 1 && a.terms[0] === term)?.weight;
    expect(weightOf('sem')).toBe(1);
    expect(weightOf('扫描电子显微镜')).toBeLessThan(1);
    expect(bare.parseQuery('SEM').clauses[0].alternatives).toEqual([{ terms: ['sem'], weight: 1, correctable: true }]);
  });

  it('finds a synonym only on word boundaries', () => {
    expect(analyzer.parseQuery('msd').clauses[0].alternatives).toHaveLength(1);
    expect(labels('ms-2000')).toEqual(['ms-2000']);
  });

  it('offers all joined runs of Latin pieces as exact model keys', () => {
    expect(analyzer.parseQuery('Talos F200X G2 电镜').modelKeys).toEqual(expect.arrayContaining(['talos', 'talosf200x', 'talosf200xg2', 'f200xg2']));
  });

  it('reads at most the first 32 terms of a long query and says so', () => {
    const parsed = analyzer.parseQuery(Array.from({ length: 100 }, (_, i) => `word${i}`).join(' '));
    expect(parsed.clauses).toHaveLength(32);
    expect(parsed.truncated).toBe(true);
  });
});
