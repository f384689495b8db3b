-- +goose Up
-- Sign-in throttling instead of a lock of the whole account (see
-- internal/accounts/throttle.go): five wrong passwords used to lock an
-- account for 15 minutes for everyone, so anyone who knew a staff address
-- could keep its owner out. Failures are now counted per sign-in name and
-- client address, and per sign-in name from all addresses; an address
-- that signed in successfully is remembered, so that the count from all
-- addresses does not slow its owner down. Names are stored as a hash
-- (accounts.SignInKey): unknown names are counted too, and a name typed
-- may be a password typed into the wrong field.
CREATE TABLE signin_pair (
    name_key        text NOT NULL,
    address         text NOT NULL,
    failures        int NOT NULL DEFAULT 0,
    last_failure_at timestamptz,
    wait_until      timestamptz,
    last_success_at timestamptz,
    PRIMARY KEY (name_key, address)
);

CREATE TABLE signin_name (
    name_key        text PRIMARY KEY,
    failures        int NOT NULL DEFAULT 0,
    last_failure_at timestamptz NOT NULL,
    wait_until      timestamptz
);
CREATE INDEX signin_name_forget_idx ON signin_name (last_failure_at);

ALTER TABLE staff_user DROP COLUMN failed_logins, DROP COLUMN locked_until;

-- +goose Down
ALTER TABLE staff_user ADD COLUMN failed_logins int NOT NULL DEFAULT 0, ADD COLUMN locked_until timestamptz;
DROP TABLE signin_name;
DROP TABLE signin_pair;
