package io.framewise.common.quarkus;

import io.framewise.common.store.ObjectNotFoundException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/** REST errors as {@code {"error": reason}}: a bad request is a 400, a missing object a 404. */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    static Response of(Response.Status status, Throwable e) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", String.valueOf(e.getMessage()))).build();
    }

    @Provider
    public static class BadRequest implements ExceptionMapper<IllegalArgumentException> {
        @Override
        public Response toResponse(IllegalArgumentException e) {
            return of(Response.Status.BAD_REQUEST, e);
        }
    }

    @Provider
    public static class NotFound implements ExceptionMapper<ObjectNotFoundException> {
        @Override
        public Response toResponse(ObjectNotFoundException e) {
            return of(Response.Status.NOT_FOUND, e);
        }
    }
}
