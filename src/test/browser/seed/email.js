// Assume the user input password is passwd.
const password = "passwd";

// Obtain sudo_token. The expiration time of sudo_token defaults to 10 minutes.
const sudo_token = await auth.sudo({
password: password
});

// Assume the user email is test@example.com.
const email = "test@example.com";

// Obtain email Captcha.
const verification = await auth.getVerification({
email: email
});

// Assume the user enters the Captcha 000000.
const verificationCode = "000000";

// Verify the Captcha.
const verificationTokenRes = await auth.verify({
verification_id: verification.verification_id,
verification_code: verificationCode
});
const verification_token = verificationTokenRes.verification_token;

await auth.bindEmail({
sudo_token: sudo_token,
email: email,
verification_token: verification_token
});
