package dev.pyembed.sample.web;

import dev.pyembed.sample.RiskProperties;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;

/**
 * Refuses request bodies larger than {@code risk.api.max-request-size} (default 16 KB) with 413: at once when the
 * {@code Content-Length} says so, and while reading a body without one (chunked) as soon as it grows past the limit,
 * so that a huge body is never buffered. Tomcat's own limit ({@code max-http-form-post-size}) covers form posts only.
 */
@ControllerAdvice
class RequestSizeLimit extends RequestBodyAdviceAdapter {

    private final DataSize limit;

    RequestSizeLimit(RiskProperties properties) {
        this.limit = properties.api().maxRequestSize();
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage message, MethodParameter parameter, Type targetType,
                                           Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        if (message.getHeaders().getContentLength() > limit.toBytes()) {
            throw new PayloadTooLargeException(limit);
        }
        InputStream body = new LimitedInputStream(message.getBody(), limit);
        HttpHeaders headers = message.getHeaders();
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return body;
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }

    /** Throws {@link PayloadTooLargeException} when more than {@code limit} bytes are read. */
    static final class LimitedInputStream extends FilterInputStream {

        private final DataSize limit;
        private long left;

        LimitedInputStream(InputStream in, DataSize limit) {
            super(in);
            this.limit = limit;
            this.left = limit.toBytes();
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }

        private void count(long n) {
            left -= n;
            if (left < 0) {
                throw new PayloadTooLargeException(limit);
            }
        }
    }
}
