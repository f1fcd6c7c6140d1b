-- The tables of the shared event log and model runs (Engine:Postgres). The engine creates them on start-up if they are
-- missing; this file is what it runs, for operators who create them ahead.

-- The log's head: the last sequence handed out. Appends lock this row, so records are numbered and
-- committed one transaction after another: sequences have no gaps and commit in order.
CREATE TABLE IF NOT EXISTS pe_log_head (
    id            int PRIMARY KEY CHECK (id = 1),
    last_sequence bigint NOT NULL
);
INSERT INTO pe_log_head (id, last_sequence) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;

-- One row per record. payload is the record in the engine's binary codec; NULL once erased (ForgetCustomer).
CREATE TABLE IF NOT EXISTS pe_event_log (
    sequence    bigint PRIMARY KEY,
    event_id    text UNIQUE,
    customer_id text,
    payload     bytea
);
CREATE INDEX IF NOT EXISTS pe_event_log_customer ON pe_event_log (customer_id) WHERE customer_id IS NOT NULL;

-- What an erased event leaves behind (ForgetCustomer): the keyed hash of its id (EventIdTombstones), so a
-- retry of it is a duplicate on every silo and after every restart; nothing else of the event or customer.
CREATE TABLE IF NOT EXISTS pe_erased_event_ids (
    tombstone bytea PRIMARY KEY
);

-- The tombstones' key: random, made by the first silo that opens the log.
CREATE TABLE IF NOT EXISTS pe_log_key (
    id  int PRIMARY KEY CHECK (id = 1),
    key bytea NOT NULL
);

-- The log position through which every grain's state is durable: the projection resumes after it.
CREATE TABLE IF NOT EXISTS pe_projection_checkpoint (
    id       int PRIMARY KEY CHECK (id = 1),
    sequence bigint NOT NULL
);
INSERT INTO pe_projection_checkpoint (id, sequence) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;

-- Every model's training runs (Engine:Postgres): a published run carries its snapshot in the same row.
CREATE TABLE IF NOT EXISTS pe_model_runs (
    model    text NOT NULL,
    version  int NOT NULL,
    info     text NOT NULL,
    snapshot bytea,
    PRIMARY KEY (model, version)
);
