// The few S3 XML answers the reader reads: a listing page (ListObjectsV2 or V1), an error, a
// bucket's location. S3's answers are flat and regular, so elements are picked out by name
// rather than by a full XML parser; text is unescaped (the five entities and numeric ones).

function unescape(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
    if (entity.startsWith('#')) {
      const code = entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      // A number past Unicode is no character: the text is kept as it came.
      return code <= 0x10ffff ? String.fromCodePoint(code) : `&${entity};`;
    }
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[entity]!;
  });
}

/** The text of every `<name>…</name>` in `xml` (an empty `<name/>` gives ''), unescaped unless `raw` (an element holding others). */
function all(xml: string, name: string, raw = false): string[] {
  const found: string[] = [];
  const pattern = new RegExp(`<${name}(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</${name}>)`, 'g');
  for (const match of xml.matchAll(pattern)) found.push(raw ? (match[1] ?? '') : unescape(match[1] ?? ''));
  return found;
}

function first(xml: string, name: string): string | undefined {
  return all(xml, name)[0];
}

export interface ListPage {
  keys: string[];
  truncated: boolean;
  /** V2: the token of the next page. */
  nextToken: string | undefined;
  /** V1: the marker of the next page, when the server gives one. */
  nextMarker: string | undefined;
}

/** A ListBucketResult, V1 or V2. Keys are URL-decoded when the server says it encoded them. */
export function parseListPage(xml: string): ListPage | undefined {
  if (!/<ListBucketResult[\s>]/.test(xml)) return undefined;
  const encoded = first(xml, 'EncodingType') === 'url';
  const keys = all(xml, 'Contents', true).map((contents) => {
    const key = first(contents, 'Key') ?? '';
    return encoded ? decodeKey(key) : key;
  });
  return {
    keys,
    truncated: first(xml, 'IsTruncated') === 'true',
    nextToken: first(xml, 'NextContinuationToken') || undefined,
    nextMarker: first(xml, 'NextMarker') || undefined,
  };
}

function decodeKey(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
}

export interface S3ErrorBody {
  code: string;
  message: string;
  /** The bucket's region, which S3 names when a request was signed for another. */
  region: string | undefined;
}

/** An `<Error>` answer, or undefined for any other body. */
export function parseError(xml: string): S3ErrorBody | undefined {
  if (!/<Error[\s>]/.test(xml)) return undefined;
  return { code: first(xml, 'Code') ?? '', message: first(xml, 'Message') ?? '', region: first(xml, 'Region') || undefined };
}

/** A `<LocationConstraint>`: '' (or none) is us-east-1, and `EU` the old name of eu-west-1. */
export function parseLocation(xml: string): string | undefined {
  if (!/<LocationConstraint[\s>/]/.test(xml)) return undefined;
  const region = first(xml, 'LocationConstraint') ?? '';
  if (region === '') return 'us-east-1';
  return region === 'EU' ? 'eu-west-1' : region;
}
