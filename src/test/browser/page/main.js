// Page script: signs in, then runs the two seed snippets exactly as written.
// The gateway origin comes from the page URL: /?gateway=http://127.0.0.1:PORT
import cloudbase from '@cloudbase/js-sdk';

const ENV = 'your-env-id';
const gateway = new URL(new URLSearchParams(location.search).get('gateway'));

// Endpoints are stored per env in a module-global table, and every cloudbase.init()
// resets that env's GATEWAY and CLOUD_API entries to the public CloudBase hosts.
// The phone snippet calls cloudbase.init() itself, so re-point every app at the
// gateway right after init (the snippet imports this same SDK singleton).
function pointAtGateway(app) {
  const protocol = gateway.protocol.replace(':', '');
  app.registerEndPointWithKey({ key: 'GATEWAY', url: `//${gateway.host}/v1`, protocol });
  app.registerEndPointWithKey({ key: 'CLOUD_API', url: `//${gateway.host}`, protocol });
  return app;
}
const sdkInit = cloudbase.init.bind(cloudbase);
cloudbase.init = (config) => pointAtGateway(sdkInit(config));

// JSON copy that keeps data only: getUserInfo() returns an SDK User object whose
// non-plain members (cache, request client, window) are dropped.
const plain = (value) => JSON.parse(JSON.stringify(value ?? null, (key, v) => {
  if (typeof v === 'function') return undefined;
  const isData = !v || typeof v !== 'object' || Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype;
  return key === '' || isData ? v : undefined;
}));

function describe(error) {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, ...plain({ ...error }) };
  }
  return plain(error);
}

async function run() {
  let step = 'init';
  try {
    const app = cloudbase.init({ env: ENV });
    const auth = app.auth();

    // Step 1 of the page: "The user logs in using any login method".
    step = 'signInWithPassword';
    const signIn = await auth.signInWithPassword({ username: 'demo', password: 'passwd' });
    if (signIn.error) throw signIn.error;

    step = 'phone snippet';
    await import('../seed/phone.js');
    step = 'getUserInfo after phone';
    const phoneUser = plain(await auth.getUserInfo());

    // The email snippet continues the page and uses `auth` without declaring it.
    globalThis.auth = auth;
    step = 'email snippet';
    await import('../seed/email.js');
    step = 'getUserInfo after email';
    const emailUser = plain(await auth.getUserInfo());

    return { ok: true, phoneUser, emailUser };
  } catch (error) {
    return { ok: false, error: { step, ...describe(error) } };
  }
}

run().then((result) => {
  window.__seedResult = result;
});
