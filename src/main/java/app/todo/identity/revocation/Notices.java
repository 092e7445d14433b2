package app.todo.identity.revocation;

/**
 * The payload of a revocation NOTIFY (PostgreSQL limits it to 8000 bytes; these stay under 400): tab-separated,
 * the free-form revocation key last.
 * <ul>
 * <li>{@code s<TAB><epoch second><TAB><user id>}: a sign-out;</li>
 * <li>{@code t<TAB><until, epoch ms><TAB><user id><TAB><revocation key>}: a revoked token.</li>
 * </ul>
 * A user id holds no control characters (ClaimRules), so it never holds the separator.
 */
final class Notices {

    private Notices() {
    }

    static String signOut(String userId, long epochSecond) {
        return "s\t" + epochSecond + "\t" + userId;
    }

    static String token(String userId, String tokenKey, long untilMillis) {
        return "t\t" + untilMillis + "\t" + userId + "\t" + tokenKey;
    }

    /**
     * Applies a notice to the view.
     *
     * @return false when the payload is not a notice of this form (the caller then reloads everything)
     */
    static boolean apply(String payload, RevocationView view) {
        if (payload == null) {
            return false;
        }
        String[] parts = payload.split("\t", 4);
        try {
            if (parts.length == 3 && parts[0].equals("s") && !parts[2].isEmpty()) {
                view.signOut(parts[2], Long.parseLong(parts[1]));
                return true;
            }
            if (parts.length == 4 && parts[0].equals("t") && !parts[2].isEmpty() && !parts[3].isEmpty()) {
                view.revoke(parts[2], parts[3], Long.parseLong(parts[1]));
                return true;
            }
        } catch (NumberFormatException e) {
            return false;
        }
        return false;
    }
}
