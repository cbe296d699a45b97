//! Integration tests: the real application on a random port, against a fresh SQLite file
//! or (with `DATABASE_URL=postgres://…`) a fresh PostgreSQL schema per test.

mod account_pages;
mod accounts;
mod anonymity;
mod audit;
mod ballot_pages;
mod ballots;
mod cli;
mod codes;
mod disclosure;
mod entry;
mod errors;
mod hall;
mod helpers;
mod history;
mod indicators;
mod ledger;
mod metrics;
mod openapi;
mod pages;
mod paper;
mod permissions;
mod public_notice;
mod rectification;
mod reliability;
mod report;
mod results;
mod round_pages;
mod rounds;
mod schedule;
mod sealing;
mod session;
mod steering;
mod trust;
mod two_kinds;
mod units;
