// The seed's phone and e-mail flows with the typescript-fetch client generated from openapi/openapi.yaml (see the pom),
// against a gateway in local mode: sign in as the demo user, sudo, send a code, read it from /local/outbox, verify, bind.
// Usage: node flows.js --gateway http://127.0.0.1:PORT   Prints one JSON line; exit 0 when both contacts are bound.
import { parseArgs } from 'node:util';
import {
  BindApi, CodeApi, Configuration, ResponseError, SignInApi, SudoApi, VerifyApi,
} from '../../../target/generated-ts-client';

const { values: args } = parseArgs({ options: { gateway: { type: 'string' } } });
const PHONE = '+86 13800000123';
const EMAIL = 'ts-client@example.com';

async function outboxCode(gateway: string, recipient: string): Promise<string> {
  const digits = (value: string) => value.replace(/[^0-9a-z@.]/gi, '').toLowerCase();
  const answer = await fetch(`${gateway}/local/outbox`);
  const { messages } = await answer.json() as { messages: { recipient: string, code: string }[] };
  const message = messages.find((m) => digits(m.recipient) === digits(recipient));
  if (!message) throw new Error(`no code for ${recipient} in /local/outbox`);
  return message.code;
}

async function main(): Promise<Record<string, unknown>> {
  const gateway = args.gateway;
  if (!gateway) throw new Error('usage: node flows.js --gateway http://127.0.0.1:PORT');
  const signedIn = await new SignInApi(new Configuration({ basePath: gateway }))
    .signIn({ signInRequest: { username: 'demo', password: 'passwd' } });
  const accessToken = signedIn.accessToken;
  if (!accessToken) throw new Error('sign-in gave no access_token');
  const config = new Configuration({ basePath: gateway, accessToken });
  const sudo = await new SudoApi(config).reauthenticate({ sudoRequest: { password: 'passwd' } });

  const bound: Record<string, unknown> = {};
  for (const [field, address] of [['phoneNumber', PHONE], ['email', EMAIL]] as const) {
    const sent = await new CodeApi(config).sendVerificationCode({ verificationRequest: { [field]: address } });
    const code = await outboxCode(gateway, address);
    const verified = await new VerifyApi(config).verifyCode({
      verifyRequest: { verificationId: sent.verificationId!, verificationCode: code },
    });
    await new BindApi(config).bindContact({
      contactRequest: { sudoToken: sudo.sudoToken!, [field]: address, verificationToken: verified.verificationToken! },
    });
    bound[field] = address;
  }
  const me = await fetch(`${gateway}/auth/v1/user/me`, { headers: { Authorization: `Bearer ${accessToken}` } });
  return { ok: true, bound, user: await me.json(), sudoTokenPrefix: sudo.sudoToken?.slice(0, 4) };
}

main().then((result) => console.log(JSON.stringify(result)), async (error: unknown) => {
  const body = error instanceof ResponseError ? await error.response.text() : undefined;
  console.log(JSON.stringify({ ok: false, error: String(error), body }));
  process.exitCode = 1;
});
