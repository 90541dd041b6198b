-- The declared types sea-orm-cli and SeaORM write on SQLite, and the ones real SQLite schemas use.
CREATE TABLE every_type (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plain_integer INTEGER NOT NULL,
    big bigint,
    small smallint,
    tiny tinyint,
    real_number REAL,
    float_number float,
    double_number double,
    numeric_value NUMERIC(10,2),
    decimal_value real(10, 2) DEFAULT 9.99,
    flag boolean NOT NULL DEFAULT 0,
    name varchar(80) NOT NULL,
    any_varchar varchar,
    code char(5),
    label TEXT,
    nvarchar_text NVARCHAR(160),
    blob_data BLOB,
    fixed blob(16),
    at DATETIME,
    at_text datetime_text,
    day date_text,
    at_time time_text,
    at_tz timestamp_with_timezone_text,
    uid uuid_text,
    doc json_text,
    docb jsonb_text,
    mood enum_text,
    created TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    quoted TEXT DEFAULT 'it''s a "test" \ with a backslash',
    greeting varchar(40) NOT NULL DEFAULT 'héllo, wörld',
    CONSTRAINT ck_every_type_small CHECK (small < 1000),
    CHECK (plain_integer >= 0)
);
CREATE UNIQUE INDEX uq_every_type_name ON every_type (name);
CREATE INDEX idx_every_type_recent ON every_type (small, at DESC);
CREATE INDEX idx_every_type_flagged ON every_type (plain_integer) WHERE flag = 1;

CREATE TABLE tag (
    tenant INTEGER NOT NULL,
    slug varchar(40) NOT NULL,
    label TEXT,
    PRIMARY KEY (slug, tenant)
);

CREATE TABLE tagging (
    id INTEGER PRIMARY KEY,
    tenant INTEGER NOT NULL,
    slug varchar(40) NOT NULL,
    every_type_id INTEGER NOT NULL REFERENCES every_type (id) ON DELETE CASCADE,
    FOREIGN KEY (slug, tenant) REFERENCES tag (slug, tenant),
    UNIQUE (tenant, slug, every_type_id)
);

-- What SeaORM cannot say: each must be named by `entities`.
CREATE TABLE unsupported_no_primary_key (
    code varchar(10) NOT NULL UNIQUE,
    note TEXT
);

-- Names that are not Rust identifiers: keywords, spaces, quotes, non-ASCII letters, a leading digit.
CREATE TABLE "Order Items" (
    "select" INTEGER PRIMARY KEY,
    "a""b" TEXT,
    "Größe" INTEGER NOT NULL DEFAULT 1,
    "type" varchar(10),
    "self" INTEGER,
    "2fa" boolean,
    "OrderItemId" INTEGER UNIQUE
);
