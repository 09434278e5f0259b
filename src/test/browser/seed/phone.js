import cloudbase from "@cloudbase/js-sdk";

const app = cloudbase.init({
env: "your-env-id"
});

// Obtain the auth instance
const auth = app.auth();

// Assume the user input password is passwd.
const password = "passwd";

// Obtain sudo_token. The expiration time of sudo_token defaults to 10 minutes.
const sudo_token = await auth.sudo({
password: password
});

// Assume the user's mobile phone number is 13800000000.
const phoneNumber = "+86 13800000000";

// Send the verification code
const verification = await auth.getVerification({
phone_number: phoneNumber
});

// Assume the user enters the Captcha 000000.
const verificationCode = "000000";

// Verify the Captcha.
const verificationTokenRes = await auth.verify({
verification_id: verification.verification_id,
verification_code: verificationCode
});
const verification_token = verificationTokenRes.verification_token;

await auth.bindPhoneNumber({
sudo_token: sudo_token,
phone_number: phoneNumber,
verification_token: verification_token
});
