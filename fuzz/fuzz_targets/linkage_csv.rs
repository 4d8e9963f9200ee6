//! The linkage person-CSV reader and standardizer (`pathways link run` input)
//! and the CLK file reader (`match-clks` input).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let path = std::path::Path::new("fuzz.csv");
    if first & 1 == 0 {
        let exact = (first & 2 != 0).then_some("student_no");
        let _ = pathways_linkage::commands::read_dataset_from(rest, path, exact);
    } else {
        let _ = pathways_linkage::clk::commands::read_clks_from(rest, path);
    }
});
