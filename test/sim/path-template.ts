// Matches concrete request paths against OpenAPI path templates such as `/agents/{agent_id}`.

export interface TemplateMatch {
  template: string;
  params: Record<string, string>;
}

interface CompiledTemplate {
  template: string;
  segments: readonly string[];
  paramNames: readonly (string | null)[];
}

function compile(template: string): CompiledTemplate {
  const segments = splitPath(template);
  const paramNames = segments.map((segment) => {
    const found = /^\{(.+)\}$/.exec(segment);
    return found ? found[1] : null;
  });
  return { template, segments, paramNames };
}

function splitPath(path: string): string[] {
  return path === '/' ? [] : path.replace(/^\//, '').split('/');
}

/** Negative when `a` is more specific: at the first position where they differ, a literal beats a parameter. */
function compareSpecificity(a: CompiledTemplate, b: CompiledTemplate): number {
  for (let i = 0; i < a.paramNames.length; i++) {
    const aIsParam = a.paramNames[i] !== null;
    const bIsParam = b.paramNames[i] !== null;
    if (aIsParam !== bIsParam) return aIsParam ? 1 : -1;
  }
  return 0;
}

export class TemplateMatcher {
  readonly #bySegmentCount = new Map<number, CompiledTemplate[]>();

  constructor(templates: Iterable<string>) {
    for (const template of new Set(templates)) {
      const compiled = compile(template);
      const group = this.#bySegmentCount.get(compiled.segments.length) ?? [];
      group.push(compiled);
      this.#bySegmentCount.set(compiled.segments.length, group);
    }
    for (const group of this.#bySegmentCount.values()) group.sort(compareSpecificity);
  }

  /** The most specific template matching `pathname` (already stripped of its query string), or null. */
  match(pathname: string): TemplateMatch | null {
    const segments = splitPath(pathname);
    for (const candidate of this.#bySegmentCount.get(segments.length) ?? []) {
      const params = matchSegments(candidate, segments);
      if (params) return { template: candidate.template, params };
    }
    return null;
  }
}

function matchSegments(
  candidate: CompiledTemplate,
  segments: readonly string[],
): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const name = candidate.paramNames[i];
    if (name === null) {
      if (candidate.segments[i] !== segments[i]) return null;
      continue;
    }
    if (segments[i] === '') return null;
    params[name] = safeDecode(segments[i]);
  }
  return params;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
