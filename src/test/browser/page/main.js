// Page script: signs in, then runs the three seed snippets exactly as written.
// The gateway origin comes from the page URL: /?gateway=http://127.0.0.1:PORT
import cloudbase from '@cloudbase/js-sdk';
import { WECHAT_PROVIDER, boundProblem, grantedProblem, unboundProblem } from './expect.js';

const ENV = 'your-env-id';
const WECHAT_ENV = 'xxxx-yyy'; // the env of the page's "Associate WeChat Login" snippet
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

// Throws when an answer is not what the step expects (the message names the problem).
function expect(problem) {
  if (problem) throw new Error(problem);
}

async function run() {
  let step = 'init';
  const wechat = {};
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

    // "Associate WeChat Login". Step 1: "The user logs in ... any login method except
    // WeChat login" -- login state is per env, so sign in to the snippet's env too.
    step = 'init xxxx-yyy';
    const wxAuth = cloudbase.init({ env: WECHAT_ENV }).auth();
    step = 'signInWithPassword xxxx-yyy';
    const wxSignIn = await wxAuth.signInWithPassword({ username: 'demo', password: 'passwd' });
    if (wxSignIn.error) throw wxSignIn.error;

    // Step 2: a provider token from a WeChat code. Only checked here, not bound: the
    // snippet binds its own (sandbox) token.
    step = 'grantProviderToken';
    wechat.granted = plain(await wxAuth.grantProviderToken({
      provider_id: WECHAT_PROVIDER,
      provider_code: 'browser-code',
      provider_redirect_uri: `${location.origin}/callback`,
    }));
    expect(grantedProblem(wechat.granted));

    // Step 3: the page's snippet, as written.
    step = 'wechat snippet';
    await import('../seed/wechat.js');

    step = 'getProviders after bind';
    wechat.providersAfterBind = plain(await wxAuth.getProviders());
    expect(boundProblem(wechat.providersAfterBind));

    step = 'unbindProvider';
    await wxAuth.unbindProvider({ provider_id: WECHAT_PROVIDER });
    step = 'getProviders after unbind';
    wechat.providersAfterUnbind = plain(await wxAuth.getProviders());
    expect(unboundProblem(wechat.providersAfterUnbind));

    // CloudBase's own sudo-guarded call with the gateway's sudo token: change the password, sign in with the new
    // one, and change it back.
    step = 'sudo for setPassword';
    const sudoForPassword = await wxAuth.sudo({ password: 'passwd' });
    step = 'setPassword';
    await wxAuth.setPassword({ new_password: 'passwd-2', sudo_token: sudoForPassword.sudo_token });
    step = 'signInWithPassword with the new password';
    const renewed = await wxAuth.signInWithPassword({ username: 'demo', password: 'passwd-2' });
    if (renewed.error) throw renewed.error;
    step = 'setPassword back';
    const sudoBack = await wxAuth.sudo({ password: 'passwd-2' });
    await wxAuth.setPassword({ new_password: 'passwd', sudo_token: sudoBack.sudo_token });
    const passwordChanged = true;

    return { ok: true, phoneUser, emailUser, wechat, passwordChanged };
  } catch (error) {
    return { ok: false, error: { step, ...describe(error) }, wechat };
  }
}

run().then((result) => {
  window.__seedResult = result;
});
