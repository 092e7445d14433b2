package app.todo.platform.database;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;

import jakarta.persistence.PersistenceException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Database failures told apart by SQLState and exception type, never by message text. */
class DatabaseFailuresTest {

    @ParameterizedTest
    @ValueSource(strings = {"08000", "08001", "08003", "08006", "08P01", "57P01", "57P02", "57P03", "53300", "57014"})
    void unavailableStates(String state) {
        SQLException failure = new SQLException("any text", state);
        assertTrue(DatabaseFailures.isUnavailable(new PersistenceException(failure)), state);
    }

    @ParameterizedTest
    @ValueSource(strings = {"23505", "42P01", "57P04", "22001", "40001"})
    void otherStatesAreBugsOrRules(String state) {
        assertFalse(DatabaseFailures.isUnavailable(new PersistenceException(new SQLException("Connection refused",
                state))), state);
    }

    @Test
    void aMessageSaysNothingOutsideThePool() {
        assertFalse(DatabaseFailures.isUnavailable(new IllegalStateException("Connection refused")));
        assertFalse(DatabaseFailures.isUnavailable(new SQLException("Error in allocating a connection", "23505")));
    }

    @Test
    void aCommitThatFailedWithoutADatabaseRuleHasAnUnknownOutcome() {
        var thrown = new EntityManagers.CommitFailed(new PersistenceException(
                new SQLException("This connection has been closed.", "08003")));
        assertTrue(DatabaseFailures.isCommitOutcomeUnknown(thrown));
        assertTrue(DatabaseFailures.isUnavailable(thrown));
        assertTrue(DatabaseFailures.isCommitOutcomeUnknown(new EntityManagers.CommitFailed(
                new IllegalStateException("no cause given"))));
        assertTrue(DatabaseFailures.isCommitOutcomeUnknown(new RuntimeException(new EntityManagers.CommitFailed(
                new PersistenceException(new SQLException("I/O error", "08006"))))), "wrapped again");
    }

    @Test
    void aCommitRefusedByARuleIsNotUnknown() {
        assertFalse(DatabaseFailures.isCommitOutcomeUnknown(new EntityManagers.CommitFailed(
                new PersistenceException(new SQLException("duplicate key", "23505")))));
        assertFalse(DatabaseFailures.isCommitOutcomeUnknown(new PersistenceException(
                new SQLException("gone", "08006"))), "no commit involved: plainly unavailable");
    }
}
