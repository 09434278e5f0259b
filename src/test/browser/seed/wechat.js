import cloudbase from "@cloudbase/js-sdk";

const app = cloudbase.init({
env: "xxxx-yyy"
});
const provider_token = "test_provider_token"; // the authorization token obtained in the previous step

const auth = app.auth();
await auth.bindWithProvider({
provider_token
});
