//! Each screen's update driven by scripted keys on the demo journal in memory: no terminal, asserting
//! the state and what the update asked for. Each numbered defect of issue 11 has its test here.

mod contact;
mod entry;
mod forms;
mod home;
mod inbox;
mod promises;
mod review;
mod search;
