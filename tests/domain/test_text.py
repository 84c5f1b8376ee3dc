from xasach.domain.text import exact_lower, fold, nfc, tokens


def test_fold_removes_case_and_accents():
    assert fold("Nguyễn Văn Đức") == "nguyen van duc"


def test_fold_maps_stroked_d_which_decomposition_leaves_alone():
    assert fold("Đ") == "d"
    assert fold("đường") == "duong"


def test_fold_makes_nfd_and_nfc_equal():
    decomposed = "Nguye\u0302\u0303n"  # ễ as e + circumflex + tilde
    assert fold(decomposed) == fold("Nguyễn") == "nguyen"


def test_fold_is_deliberately_lossy():
    assert fold("Dức") == fold("Đức") == fold("Dực") == "duc"


def test_fold_turns_punctuation_into_single_spaces():
    assert fold("  Số 12,  Thôn Đông-Hạ ") == "so 12 thon dong ha"


def test_exact_lower_keeps_accents_and_composes():
    assert exact_lower("NGUYỄN Văn ĐỨC") == "nguyễn văn đức"
    assert exact_lower("Nguye\u0302\u0303n") == nfc("nguyễn")


def test_tokens_and_empty_input():
    assert tokens("Lê  Thị Hằng") == ["le", "thi", "hang"]
    assert fold(None) == "" and tokens("") == []
