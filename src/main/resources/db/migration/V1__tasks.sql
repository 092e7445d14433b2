-- Tasks, each owned by one user (the token's user id). Runs on PostgreSQL and on H2 in PostgreSQL mode.
CREATE TABLE tasks (
    id          VARCHAR(36)              NOT NULL,
    owner       VARCHAR(128)             NOT NULL,
    title       VARCHAR(255)             NOT NULL,
    description VARCHAR(10000),
    completed   BOOLEAN                  NOT NULL DEFAULT FALSE,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    version     BIGINT                   NOT NULL DEFAULT 1,
    CONSTRAINT tasks_pk PRIMARY KEY (id)
);

-- "My tasks, newest first" (the default listing) and its keyset pages: owner, then created_at and id descending.
CREATE INDEX tasks_owner_created ON tasks (owner, created_at DESC, id DESC);
-- The other sorts of the listing.
CREATE INDEX tasks_owner_updated ON tasks (owner, updated_at, id);
CREATE INDEX tasks_owner_title ON tasks (owner, title, id);
