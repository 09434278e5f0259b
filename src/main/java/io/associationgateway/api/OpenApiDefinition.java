package io.associationgateway.api;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The OpenAPI document's header: what the API is, the three flows step by step, how callers get and send their bearer
 * token. The tags are listed in the order the flows run, which is the order Swagger UI shows them in.
 */
@OpenAPIDefinition(info = @Info(title = "Association Gateway", version = "1.0.0", description = OpenApiDefinition.DESCRIPTION), tags = {
    @Tag(name = "SignIn", description = "Step 0: sign in to get the bearer access token (pass-through to CloudBase)"),
    @Tag(name = "Sudo", description = "Step 1: re-authenticate (password) for a sudo token"),
    @Tag(name = "Code", description = "Step 2: send a one-time code to the phone number or e-mail"),
    @Tag(name = "Verify", description = "Step 3: trade the code for a verification token"),
    @Tag(name = "Bind", description = "Step 4: bind the proved phone number or e-mail with the sudo token"),
    @Tag(name = "WeChat", description = "Link WeChat: authorize URL, provider token from the code, bind"),
    @Tag(name = "Providers", description = "List the linked providers, unlink one")})
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", description = "The CloudBase access token of the signed-in user (access_token from POST /auth/v1/signin or the CloudBase SDK)")
public class OpenApiDefinition extends Application {

  static final String DESCRIPTION = """
      Links extra login methods (phone number, e-mail, WeChat) to a signed-in Tencent CloudBase user. Wire-compatible \
      with CloudBase `/auth/v1`: the operations below are answered by the gateway; every other `/auth/v1` request \
      (sign-in, profile, provider list, ...) passes through to CloudBase unchanged. Every error is \
      `{error, error_code, error_description}`, with `details` when there is something to wait for or count.

      **Bearer.** Every call but verify and the WeChat code exchange needs `Authorization: Bearer <access_token>` of \
      the signed-in user. Apps get it from the CloudBase SDK; here, `POST /auth/v1/signin` with a username and \
      password returns it. In local mode the demo user is `demo` / `passwd`: run sign-in, copy `access_token`, press \
      **Authorize** and paste it.

      **Phone number** (e-mail: the same with `email` instead of `phone_number`):
      1. `POST /auth/v1/user/sudo` `{"password": "passwd"}` gives `sudo_token` (10 minutes).
      2. `POST /auth/v1/verification` `{"phone_number": "+86 13800000000"}` sends a code and gives `verification_id`.
      3. `POST /auth/v1/verification/verify` `{"verification_id": ..., "verification_code": ...}` gives \
      `verification_token`.
      4. `PATCH /auth/v1/user/contact` `{"sudo_token": ..., "phone_number": "+86 13800000000", "verification_token": ...}` \
      binds it; `GET /auth/v1/user/me` then shows it.

      In local mode `+86 13800000000` and `test@example.com` always get the code `000000` and send nothing; codes to \
      any other number or address are shown at `GET /local/outbox`.

      **WeChat**: `GET /auth/v1/provider/uri?provider_id=wx_open&redirect_uri=...` gives the authorize URL; WeChat \
      sends the browser back with a `code`; `POST /auth/v1/provider/token` `{"provider_id": "wx_open", \
      "provider_code": ...}` gives `provider_token`; `POST /auth/v1/user/provider/bind` `{"provider_token": ...}` \
      links it (signed in). `GET /auth/v1/user/provider` lists the links; `DELETE /auth/v1/user/provider/wx_open` \
      removes one. In local mode the authorize URL points at the built-in WeChat emulator, which redirects at once \
      with a code.
      """;
}
