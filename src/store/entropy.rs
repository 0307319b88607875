//! SQLCipher's random bytes straight from the operating system.
//!
//! SQLCipher asks for random bytes the moment SQLite starts, encrypted database or not (it seeds its
//! private heap). Through OpenSSL that first call builds OpenSSL's whole provider and DRBG machinery,
//! and registers OpenSSL's exit handlers: about half of the instructions of a short command such as
//! `rapport entries`. Installing a `RAND_METHOD` that reads the kernel's generator (`getrandom`) before
//! SQLite starts makes that call a single system call. The kernel's generator is what OpenSSL seeds
//! from anyway, so salts and page IVs of encrypted databases lose nothing; keys, HMACs and ciphers stay
//! OpenSSL's, which now starts only when a database is actually encrypted.

use std::ffi::{c_int, c_uchar, c_void};
use std::sync::Once;

/// OpenSSL's `RAND_METHOD` (`openssl/rand.h`, unchanged since 1.1).
#[repr(C)]
struct RandMethod {
    seed: Option<unsafe extern "C" fn(buf: *const c_void, num: c_int) -> c_int>,
    bytes: Option<unsafe extern "C" fn(buf: *mut c_uchar, num: c_int) -> c_int>,
    cleanup: Option<unsafe extern "C" fn()>,
    add: Option<unsafe extern "C" fn(buf: *const c_void, num: c_int, entropy: f64) -> c_int>,
    pseudorand: Option<unsafe extern "C" fn(buf: *mut c_uchar, num: c_int) -> c_int>,
    status: Option<unsafe extern "C" fn() -> c_int>,
}

unsafe extern "C" {
    /// From the OpenSSL that SQLCipher is linked with (vendored, so always present).
    fn RAND_set_rand_method(method: *const RandMethod) -> c_int;
}

/// Fills `num` bytes at `buf` from the kernel; 1 on success, 0 on failure (OpenSSL's convention).
unsafe extern "C" fn os_bytes(buf: *mut c_uchar, num: c_int) -> c_int {
    let Ok(len) = usize::try_from(num) else {
        return 0;
    };
    if len == 0 {
        return 1;
    }
    if buf.is_null() {
        return 0;
    }
    // SAFETY: OpenSSL hands us a writable buffer of `num` bytes, checked non-null and non-negative above.
    let out = unsafe { std::slice::from_raw_parts_mut(buf, len) };
    c_int::from(getrandom::fill(out).is_ok())
}

/// Extra seed material is not needed: the kernel's generator is always seeded.
unsafe extern "C" fn os_add(_buf: *const c_void, _num: c_int, _entropy: f64) -> c_int {
    1
}

/// Extra seed material is not needed: the kernel's generator is always seeded.
unsafe extern "C" fn os_seed(_buf: *const c_void, _num: c_int) -> c_int {
    1
}

/// Always ready.
unsafe extern "C" fn os_status() -> c_int {
    1
}

static OS_RANDOM: RandMethod = RandMethod {
    seed: Some(os_seed),
    bytes: Some(os_bytes),
    cleanup: None,
    add: Some(os_add),
    pseudorand: Some(os_bytes),
    status: Some(os_status),
};

/// Makes OpenSSL (and so SQLCipher) take random bytes from the kernel. Must run before SQLite's first
/// use in the process; later calls do nothing.
pub(super) fn use_os_randomness() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        // SAFETY: the method is a `'static` table of functions with OpenSSL's signatures. If OpenSSL
        // refuses it (returns 0), its own generator stays in place, which is correct, only slower.
        let _ = unsafe { RAND_set_rand_method(&OS_RANDOM) };
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_bytes_fills_the_buffer_and_refuses_nonsense() {
        let mut a = [0u8; 64];
        let mut b = [0u8; 64];
        // SAFETY: valid buffers of the stated length.
        unsafe {
            assert_eq!(os_bytes(a.as_mut_ptr(), 64), 1);
            assert_eq!(os_bytes(b.as_mut_ptr(), 64), 1);
            assert_eq!(os_bytes(std::ptr::null_mut(), 8), 0);
            assert_eq!(os_bytes(a.as_mut_ptr(), -1), 0);
            assert_eq!(os_bytes(std::ptr::null_mut(), 0), 1);
        }
        assert_ne!(a, [0u8; 64]);
        assert_ne!(a, b);
    }
}
