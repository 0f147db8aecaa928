-- not SQL: a schema script whose statement fails
CREATE TABLE credyt_broken (;
