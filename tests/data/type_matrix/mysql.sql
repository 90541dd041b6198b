-- Every MySQL/MariaDB type SeaORM can map, one column each; defaults, keys, indexes, checks and comments.
CREATE TABLE every_type (
    id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
    flag tinyint(1) NOT NULL DEFAULT 0,
    tiny tinyint,
    tiny_u tinyint unsigned,
    small smallint NOT NULL,
    small_u smallint unsigned,
    medium mediumint,
    medium_u mediumint unsigned,
    normal int DEFAULT 7,
    normal_u int unsigned,
    big bigint,
    big_u bigint unsigned NOT NULL DEFAULT 0,
    exact decimal(12, 3),
    price decimal(10, 2) NOT NULL DEFAULT 9.99,
    single float,
    double_precision double,
    bits bit(8),
    one_bit bit(1),
    code char(5),
    name varchar(80) NOT NULL COMMENT 'the display name',
    default_varchar varchar(255),
    tiny_text tinytext,
    body text,
    medium_text mediumtext,
    long_text longtext,
    fixed binary(16),
    var_bytes varbinary(64),
    tiny_blob tinyblob,
    blob_data blob,
    medium_blob mediumblob,
    long_blob longblob,
    day date,
    at_time time,
    at datetime,
    at_ms datetime(3),
    at_us datetime(6),
    stamped timestamp NULL DEFAULT NULL,
    created timestamp NOT NULL DEFAULT current_timestamp(),
    yr year,
    doc json,
    mood enum('happy', 'so-so', 'sad') NOT NULL DEFAULT 'happy',
    maybe_mood enum('happy', 'so-so', 'sad'),
    options set('a', 'b', 'c'),
    quoted varchar(100) DEFAULT 'it''s a "test" \\ with a backslash',
    greeting varchar(40) NOT NULL DEFAULT 'héllo, wörld',
    CONSTRAINT ck_every_type_price CHECK (price >= 0 AND small < 1000),
    UNIQUE KEY uq_every_type_name (name),
    KEY idx_every_type_recent (small, at DESC)
) COMMENT 'one column of every type';

CREATE TABLE tag (
    tenant int NOT NULL,
    slug varchar(40) NOT NULL,
    label text,
    PRIMARY KEY (slug, tenant)
);

CREATE TABLE tagging (
    id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
    tenant int NOT NULL,
    slug varchar(40) NOT NULL,
    every_type_id int NOT NULL,
    CONSTRAINT fk_tagging_every_type FOREIGN KEY (every_type_id) REFERENCES every_type (id) ON DELETE CASCADE,
    CONSTRAINT fk_tagging_tag FOREIGN KEY (slug, tenant) REFERENCES tag (slug, tenant),
    UNIQUE KEY uq_tagging (tenant, slug, every_type_id)
);

CREATE TABLE unique_email (
    id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
    email varchar(120) NOT NULL UNIQUE
);

-- What SeaORM cannot say: each must be named by `entities`.
CREATE TABLE unsupported_no_primary_key (
    code varchar(10) NOT NULL,
    note text,
    UNIQUE KEY code (code)
);
CREATE TABLE unsupported_enum_quote (
    id int NOT NULL PRIMARY KEY,
    mood enum('happy', 'it''s complicated')
);

-- Names that are not Rust identifiers: keywords, spaces, quotes, non-ASCII letters, a leading digit.
CREATE TABLE `Order Items` (
    `select` int NOT NULL PRIMARY KEY,
    `a"b` text,
    `Größe` int NOT NULL DEFAULT 1,
    `type` varchar(10),
    `self` int,
    `2fa` tinyint(1),
    `OrderItemId` int UNIQUE
);
