import { boundedEditDistance, maxEdits } from './fuzzy';
import { SearchIndex } from './search-index';
import { ids, makeDocument } from '../testing/make-document';

describe('edit distance', () => {
  const distances = { 'microscope microscpe': 1, 'microscope micorscope': 1, 'spectrometer spectrometr': 1, 'chromatograph cromatogrph': 2, 'raman raman': 0 };
  it.each(Object.entries(distances))('%s: %i edits', (pair, d) => {
    const [a, b] = pair.split(' ');
    expect(boundedEditDistance(a, b, 2)).toBe(d);
  });

  it('gives up past the bound', () => {
    expect(boundedEditDistance('oscilloscope', 'rheometer', 2)).toBe(3);
  });

  it('allows one edit from 4 letters, two from 8, none for short words or anything with a digit', () => {
    expect([maxEdits('sem'), maxEdits('lidar'), maxEdits('rheometer'), maxEdits('7800f'), maxEdits('jsmxf7800')]).toEqual([0, 1, 2, 0, 0]);
  });
});

describe('typo tolerance', () => {
  const index = SearchIndex.from(
    [
      makeDocument('ms', { name: '质谱仪', nameEn: 'Mass spectrometer' }),
      makeDocument('sem', { name: '扫描电子显微镜', nameEn: 'Scanning electron microscope', model: 'JSM-7800F' }),
      makeDocument('gc', { name: '气相色谱仪', nameEn: 'Gas chromatograph' }),
      makeDocument('other', { name: '扫描电子显微镜', model: 'JSM-7900F' }),
    ],
    { synonyms: null },
  );

  it.each([
    ['spectrometr', 'ms'],
    ['mass spectromter', 'ms'],
    ['microscpe', 'sem'],
    ['scaning electron micrsocope', 'sem'],
    ['chromatograh', 'gc'],
    ['cromatogrph', 'gc'],
    ['Chromatographs', 'gc'],
  ])('%s finds %s', (q, id) => {
    expect(ids(index.search({ q }))).toEqual([id]);
  });

  it('never corrects model numbers, short words or Chinese', () => {
    expect(ids(index.search({ q: 'JSM-7800F' }))).toEqual(['sem']);
    // One digit off is another instrument: nothing, never JSM-7800F.
    expect(index.search({ q: 'JSM-7700F' })).toMatchObject({ total: 0, ignoredTerms: ['jsm-7700f'] });
    expect(index.search({ q: 'gaz' }).total).toBe(0);
    expect(index.search({ q: '质普仪' }).total).toBe(0);
  });

  it('prefers the exact word over a correction', () => {
    const words = SearchIndex.from([makeDocument('laser', { nameEn: 'laser' }), makeDocument('lasers', { nameEn: 'lasers' })], { synonyms: null });
    expect(ids(words.search({ q: 'laser' }))).toEqual(['laser']);
  });
});

describe('typo tolerance as the vocabulary changes', () => {
  it('corrects to a word added after the same misspelling was looked up', () => {
    const index = SearchIndex.from([makeDocument('gc', { nameEn: 'Gas chromatograph' })], { synonyms: null });
    expect(index.search({ q: 'centrifugr' }).total).toBe(0);
    index.upsert(makeDocument('cf', { nameEn: 'Centrifuge' }));
    expect(ids(index.search({ q: 'centrifugr' }))).toEqual(['cf']);
  });

  it('corrects to a word once a document that carries it becomes public, and no longer once it is hidden again', () => {
    const hidden = makeDocument('cf', { nameEn: 'Centrifuge', unitId: 'u-1', visibility: 'unit' });
    const index = SearchIndex.from([makeDocument('gc', { nameEn: 'Gas chromatograph' }), hidden], { synonyms: null });
    expect(index.search({ q: 'centrifugr' }).total).toBe(0);
    index.upsert({ ...hidden, visibility: 'public' });
    expect(ids(index.search({ q: 'centrifugr' }))).toEqual(['cf']);
    index.upsert(hidden);
    expect(index.search({ q: 'centrifugr' }).total).toBe(0);
  });
});
