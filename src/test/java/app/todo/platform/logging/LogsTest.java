package app.todo.platform.logging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogsTest {

    private final Logger logger = Logs.logger(LogsTest.class);
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    LogsTest() {
        logger.addHandler(capture);
        logger.setUseParentHandlers(false);
    }

    @AfterEach
    void tearDown() {
        RequestContext.close();
        logger.removeHandler(capture);
        logger.setUseParentHandlers(true);
    }

    @Test
    void duringARequestARecordCarriesItsIdAsALastMapParameter() {
        RequestContext.open("req-1");
        logger.log(Level.INFO, "refused {0}, reason={1}", new Object[] {"GET /api/me", "expired"});
        Object[] parameters = records.get(0).getParameters();
        assertArrayEquals(new Object[] {"GET /api/me", "expired", Map.of("http.request.id", "req-1")}, parameters);
    }

    @Test
    void onceTheCallerIsKnownItsUserIdFollowsTheRequestId() {
        RequestContext.open("req-2");
        RequestContext.caller("alice");
        logger.warning("no parameters");
        Map<?, ?> fields = (Map<?, ?>) records.get(0).getParameters()[0];
        assertEquals(Map.of("http.request.id", "req-2", "user.id", "alice"), fields);
    }

    @Test
    void outsideARequestARecordIsLeftAlone() {
        RequestContext.open("req-3");
        RequestContext.close();
        RequestContext.caller("alice");
        logger.info("start-up");
        assertNull(records.get(0).getParameters());
        assertNull(RequestContext.fields());
    }

    @Test
    void theFormatIsPlainOrJsonAndNothingElse() {
        assertEquals(Optional.of(LogFormat.JSON), LogFormat.parse(" JSON "));
        assertEquals(Optional.of(LogFormat.PLAIN), LogFormat.parse("plain"));
        assertEquals(Optional.empty(), LogFormat.parse("ecs"));
    }
}
