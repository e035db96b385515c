/**
 * The shared serverIds rule (issue 21, item 1): whatever reaches the CLI, each element of `--server-ids` is exactly one
 * server ID, or the list is refused naming the first element that is not; a JSON element holding several IDs is one
 * element, refused, never split.
 */
import fc from 'fast-check';
import { parseServerIds } from '../../src/validation';

const uuid = fc.uuid();

test('property: a JSON array of different server IDs reads back exactly, in order', () => {
  fc.assert(
    fc.property(fc.uniqueArray(uuid, { minLength: 1, maxLength: 30, selector: (id) => id.toLowerCase() }), (ids) => {
      expect(parseServerIds(JSON.stringify(ids))).toEqual({ ids });
    }),
  );
});

test('property: an element joining several IDs (as a Terraform variable could hold them) is refused, naming its position', () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(uuid, { minLength: 1, maxLength: 5 }),
      fc.uniqueArray(uuid, { minLength: 2, maxLength: 6 }),
      fc.constantFrom(',', ' ', ';', '\n', ', '),
      fc.nat(),
      (declared, joined, separator, at) => {
        const position = at % (declared.length + 1);
        const elements = [...declared.slice(0, position), joined.join(separator), ...declared.slice(position)];
        const parsed = parseServerIds(JSON.stringify(elements));
        expect(parsed).toEqual({ problem: expect.stringContaining(`has element ${position + 1}, `) });
        expect((parsed as { problem: string }).problem).toContain('which is not exactly one ECS server ID');
      },
    ),
  );
});

test('property: any JSON array is either all single, different IDs read back as given, or refused', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(uuid, fc.string(), fc.integer(), fc.array(uuid, { maxLength: 2 })), { maxLength: 6 }), (elements) => {
      const parsed = parseServerIds(JSON.stringify(elements));
      const single = (e: unknown) => typeof e === 'string' && /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(e);
      const fine = elements.length > 0 && elements.every(single) && new Set(elements.map((e) => (e as string).toLowerCase())).size === elements.length;
      expect('ids' in parsed).toBe(fine);
      if ('ids' in parsed) expect(parsed.ids).toEqual(elements);
    }),
  );
});
