package io.associationgateway.api;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The OpenAPI document's header: what the API is and how callers authenticate. */
@OpenAPIDefinition(
    info = @Info(title = "Association Gateway", version = "1.0.0",
        description = "Links extra login methods (phone number, email) to a signed-in Tencent CloudBase user. Wire-compatible with "
            + "CloudBase /auth/v1: every other /auth/v1 request passes through to CloudBase unchanged. Errors are "
            + "{error, error_code, error_description}."),
    tags = @Tag(name = "association", description = "sudo, send code, verify code, bind"))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
    description = "The CloudBase access token of the signed-in user")
public class OpenApiDefinition extends Application {
}
