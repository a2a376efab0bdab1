// The inspector's JSON API, relative to the page's URL (which carries the token).

/** An answer of the API that is an error: its code, message and Smart SQL diagnostics. */
export class ApiError extends Error {
  constructor(error) {
    super(error.message);
    this.code = error.code;
    this.diagnostics = error.diagnostics ?? [];
  }
}

async function answer(response) {
  const body = await response.json();
  if (!response.ok)
    throw new ApiError(body.error ?? { code: 'HTTP', message: response.statusText });
  return body;
}

/** GET api/<name>?<params>. */
export async function get(name, params = {}) {
  const query = new URLSearchParams(
    Object.entries(params).filter(([, value]) => value !== undefined && value !== ''),
  );
  return answer(await fetch(`api/${name}?${query}`));
}

/** Runs Smart SQL on the server (read-only, bounded in time and bytes). */
export async function runSmartSql(smartSql) {
  return answer(
    await fetch('api/query', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ smartSql }),
    }),
  );
}
