// Expectations on the WeChat association answers. Shared by the page (fails the step as
// soon as an answer is wrong) and run-seed.mjs (re-checks the recorded answers before
// exiting 0). Each function returns null when the answer is as expected, else a message.
export const WECHAT_PROVIDER = 'wx_open';

const isBoundWeChat = (entry) => entry?.id === WECHAT_PROVIDER && entry?.bind === true;

export function grantedProblem(granted) {
  // CloudBase mints the provider token (the gateway relays the exchange); the local emulator's start with "cbpt_"
  if (typeof granted?.provider_token !== 'string' || !granted.provider_token.startsWith('cbpt_')) {
    return `provider_token is ${JSON.stringify(granted?.provider_token)}, expected CloudBase's, starting with "cbpt_"`;
  }
  if (granted.expires_in !== 3600) return `expires_in is ${JSON.stringify(granted.expires_in)}, expected 3600`;
  return null;
}

export function boundProblem(providers) {
  if (!Array.isArray(providers?.data)) return `answer has no data array: ${JSON.stringify(providers)}`;
  if (!providers.data.some(isBoundWeChat)) {
    return `no entry {id: "${WECHAT_PROVIDER}", bind: true} after bindWithProvider: ${JSON.stringify(providers.data)}`;
  }
  return null;
}

export function unboundProblem(providers) {
  if (!Array.isArray(providers?.data)) return `answer has no data array: ${JSON.stringify(providers)}`;
  if (providers.data.some(isBoundWeChat)) {
    return `"${WECHAT_PROVIDER}" still bound after unbindProvider: ${JSON.stringify(providers.data)}`;
  }
  return null;
}
