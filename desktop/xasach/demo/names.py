"""Vietnamese word pools for the demo data (dữ liệu mẫu): names, places, topics.

Weights are rough frequencies; everything is text the officers would recognise.
"""

from __future__ import annotations

#: Họ (family names) with rough frequencies: Nguyễn is by far the most common.
FAMILY_NAMES: tuple[tuple[str, int], ...] = (
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Huỳnh", 3),
    ("Phan", 4),
    ("Vũ", 4),
    ("Võ", 3),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 1),
    ("Lý", 1),
    ("Đinh", 1),
    ("Đoàn", 1),
    ("Lò", 1),
    ("Lường", 1),
    ("Hà", 1),
    ("Vi", 1),
)

#: Tên đệm (middle names) by sex.
MIDDLE_MALE: tuple[tuple[str, int], ...] = (
    ("Văn", 40),
    ("Đức", 10),
    ("Minh", 8),
    ("Hữu", 6),
    ("Quốc", 5),
    ("Công", 5),
    ("Thanh", 4),
    ("Xuân", 4),
    ("Ngọc", 3),
    ("Đình", 4),
    ("Trọng", 3),
    ("Tiến", 2),
    ("Mạnh", 2),
    ("Quang", 3),
)
MIDDLE_FEMALE: tuple[tuple[str, int], ...] = (
    ("Thị", 60),
    ("Thu", 8),
    ("Ngọc", 8),
    ("Thanh", 8),
    ("Minh", 5),
    ("Hồng", 5),
    ("Kim", 4),
)

#: Tên (given names) by sex. "Dức", "Dực", "Đúc", "Dục" are rare but real (or real typos in old
#: files), so accent-folded search for "duc" has something to disambiguate.
GIVEN_MALE: tuple[tuple[str, int], ...] = (
    ("Đức", 9),
    ("Dũng", 7),
    ("Hùng", 7),
    ("Cường", 6),
    ("Tuấn", 7),
    ("Thắng", 5),
    ("Phúc", 4),
    ("Lộc", 4),
    ("Hiếu", 5),
    ("Nghĩa", 4),
    ("Hải", 6),
    ("Long", 6),
    ("Sơn", 5),
    ("Toàn", 4),
    ("Trung", 5),
    ("Đạt", 5),
    ("Khải", 2),
    ("Quân", 4),
    ("Huy", 5),
    ("Nam", 5),
    ("Bình", 4),
    ("Tùng", 4),
    ("Vinh", 3),
    ("Thành", 4),
    ("Kiên", 3),
    ("Hoàng", 3),
    ("Phong", 3),
    ("Tài", 2),
    ("Thịnh", 2),
    ("Quý", 2),
    ("Dức", 1),
    ("Dực", 1),
    ("Đúc", 1),
    ("Dục", 1),
)
GIVEN_FEMALE: tuple[tuple[str, int], ...] = (
    ("Lan", 5),
    ("Hương", 5),
    ("Hằng", 5),
    ("Linh", 4),
    ("Trang", 4),
    ("Thảo", 4),
    ("Mai", 3),
    ("Nga", 3),
    ("Hoa", 3),
    ("Yến", 3),
    ("Nhung", 2),
    ("Phương", 3),
    ("Thủy", 3),
    ("Dung", 2),
)

#: Tên gọi khác (nicknames), as written in the files.
NICKNAMES: tuple[str, ...] = (
    "Tý",
    "Tèo",
    "Cu Tèo",
    "Bin",
    "Bờm",
    "Tũn",
    "Cò",
    "Hùng Sẹo",
    "Tuấn Còi",
    "Long Đen",
    "Sơn Béo",
    "Nam Cụt",
    "Dũng Trọc",
    "Bi",
    "Tít",
    "Cún",
    "Đức Râu",
    "Hải Gầy",
    "Quân Xăm",
    "Tí Điếc",
)

#: Thôn, tổ dân phố, bản: (name, kind). A commune gets a mix of 8–12 of them.
VILLAGES: tuple[tuple[str, str], ...] = (
    ("Thôn Đông", "thon"),
    ("Thôn Đoài", "thon"),
    ("Thôn Hạ Đoài", "thon"),
    ("Thôn Thượng", "thon"),
    ("Thôn Trung", "thon"),
    ("Thôn Nam Sơn", "thon"),
    ("Thôn Bắc Hà", "thon"),
    ("Thôn Phú Mỹ", "thon"),
    ("Thôn An Lạc", "thon"),
    ("Thôn Yên Phú", "thon"),
    ("Xóm Chùa", "thon"),
    ("Xóm Bãi", "thon"),
    ("Tổ dân phố 1", "to_dan_pho"),
    ("Tổ dân phố 2", "to_dan_pho"),
    ("Tổ dân phố 3", "to_dan_pho"),
    ("Tổ dân phố 5", "to_dan_pho"),
    ("Tổ dân phố Tân Tiến", "to_dan_pho"),
    ("Tổ dân phố Hòa Bình", "to_dan_pho"),
    ("Bản Nà Phặc", "ban"),
    ("Bản Pá Khoang", "ban"),
    ("Bản Hua Púng", "ban"),
    ("Bản Co Mạ", "ban"),
)

#: Address prefixes by village kind (nơi cư trú): "{n}" is a house or lane number.
ADDRESS_PREFIXES: dict[str, tuple[str, ...]] = {
    "thon": ("Số {n}", "Xóm {n}", "Nhà số {n}", "Đội {n}"),
    "to_dan_pho": ("Số {n}", "Số {n}, ngõ {m}", "Ngách {m}/{n}", "Số {n}, kiệt {m}"),
    "ban": ("Nhà {n}", "Cụm {n}", "Số {n}"),
}

OCCUPATIONS: tuple[tuple[str, int], ...] = (
    ("Lao động tự do", 30),
    ("Thất nghiệp", 18),
    ("Làm ruộng", 12),
    ("Xe ôm", 6),
    ("Thợ hồ", 7),
    ("Phụ hồ", 5),
    ("Công nhân", 6),
    ("Lái xe", 4),
    ("Buôn bán nhỏ", 4),
    ("Thợ sửa xe máy", 3),
    ("Bốc vác", 3),
    ("Học sinh", 2),
    ("Không nghề nghiệp", 5),
)

#: Loại ma túy sử dụng → chất tìm thấy khi xét nghiệm.
DRUGS: tuple[tuple[str, str, int], ...] = (
    ("Ma túy tổng hợp (đá)", "Methamphetamine (MET)", 50),
    ("Heroin", "Morphine (MOR)", 18),
    ("Thuốc lắc", "MDMA", 10),
    ("Cần sa", "THC", 10),
    ("Ketamine", "Ketamine (KET)", 6),
)

#: Hình thức sử dụng, by drug.
USE_METHODS: dict[str, tuple[str, ...]] = {
    "Ma túy tổng hợp (đá)": ("Hút", "Hút qua bình"),
    "Heroin": ("Chích", "Hút", "Hít"),
    "Thuốc lắc": ("Uống",),
    "Cần sa": ("Hút",),
    "Ketamine": ("Hít",),
}

#: Hoàn cảnh gia đình; {spouse} is vợ or chồng.
FAMILY_SITUATIONS: tuple[str, ...] = (
    "Chưa lập gia đình, sống cùng bố mẹ",
    "Có {spouse} và 2 con nhỏ, kinh tế khó khăn",
    "Đã ly hôn, 1 con do {spouse} cũ nuôi",
    "Bố mẹ đã mất, sống cùng anh trai",
    "Sống một mình, không có nghề nghiệp ổn định",
    "Có {spouse} và 1 con, gia đình thuộc hộ cận nghèo",
    "Bố đi làm ăn xa, sống cùng mẹ và bà nội",
    "Gia đình thuộc hộ nghèo, bố mẹ làm nông",
    "Có {spouse}, chưa có con; {spouse} làm công nhân",
    "Bố mẹ ly hôn, ở với ông bà ngoại",
)

CRIMINAL_RECORDS: tuple[str, ...] = (
    "Năm {y}: TAND huyện xử phạt {n} năm tù về tội Tàng trữ trái phép chất ma túy (Điều 249 BLHS)",
    "Năm {y}: xử phạt {n} năm tù về tội Trộm cắp tài sản (Điều 173 BLHS)",
    "Năm {y}: xử phạt {n} năm tù về tội Mua bán trái phép chất ma túy (Điều 251 BLHS)",
    "Năm {y}: xử phạt {n} năm tù về tội Cố ý gây thương tích (Điều 134 BLHS)",
    "Năm {y}: xử phạt {n} năm tù về tội Tổ chức sử dụng trái phép chất ma túy (Điều 255 BLHS)",
)
ADMINISTRATIVE_RECORDS: tuple[str, ...] = (
    "Năm {y}: xử phạt hành chính về hành vi sử dụng trái phép chất ma túy",
    "Năm {y}: xử phạt hành chính về hành vi gây rối trật tự công cộng",
    "Năm {y}: xử phạt hành chính về hành vi tàng trữ dụng cụ sử dụng ma túy",
    "Năm {y}: xử phạt hành chính về hành vi đánh bạc",
)

NOTES: tuple[str, ...] = (
    "Thường xuyên tụ tập với các đối tượng ngoài địa bàn",
    "Gia đình phối hợp tốt với Công an xã",
    "Có biểu hiện hoang tưởng khi sử dụng ma túy tổng hợp",
    "Hay đi làm ăn xa, cần theo dõi khi về địa phương",
    "Đã được cảm hóa, tích cực tham gia lao động",
    "",
    "",
    "",
)

#: Hotspot names and descriptions (tên, mô tả điểm phức tạp về ma túy).
HOTSPOT_NAMES: tuple[str, ...] = (
    "Quán nước ven đê",
    "Nhà hoang cuối xóm",
    "Bãi đất trống gần cầu",
    "Quán karaoke ven đường",
    "Khu lán trại công trình bỏ hoang",
    "Bờ sông sau chợ",
    "Quán internet đầu ngõ",
    "Nhà trọ công nhân",
    "Khu nghĩa trang cũ",
    "Gầm cầu vượt",
    "Chòi canh ruộng bỏ hoang",
    "Quán bi-a gần trường học",
    "Khu tập thể cũ",
    "Phòng trọ cho thuê theo giờ",
)
GROWING_NAMES: tuple[str, ...] = (
    "Nương rẫy trên đồi",
    "Vườn chuối ven mương",
    "Vườn sau nhà",
    "Ruộng ngô giáp rừng",
)
HOTSPOT_DESCRIPTIONS: tuple[str, ...] = (
    "Các đối tượng thường tụ tập sử dụng ma túy vào buổi tối",
    "Nhân dân phản ánh có người lạ ra vào, vứt bơm kim tiêm",
    "Điểm bán lẻ ma túy tổng hợp, đối tượng thay đổi người canh gác",
    "Chủ nhà cho thuê phòng để các đối tượng sử dụng ma túy",
    "Phát hiện cây cần sa trồng xen trong vườn",
    "Nơi các đối tượng nghiện từ nơi khác đến sử dụng",
)
HOTSPOT_ROLES_FIRST: tuple[str, ...] = ("chủ điểm", "người chứa chấp")
HOTSPOT_ROLES: tuple[str, ...] = ("người sử dụng", "người bán lẻ", "người canh gác")

#: Rough centres of communes (latitude, longitude) in Vietnam, to scatter GPS points around.
GPS_CENTRES: tuple[tuple[float, float], ...] = (
    (21.0285, 105.8542),  # Hà Nội
    (10.7769, 106.7009),  # TP Hồ Chí Minh
    (20.8449, 106.6881),  # Hải Phòng
    (18.6796, 105.6813),  # Nghệ An
    (21.3256, 103.9188),  # Sơn La
    (21.3860, 103.0230),  # Điện Biên
    (19.8067, 105.7852),  # Thanh Hóa
    (16.0544, 108.2022),  # Đà Nẵng
    (12.2388, 109.1967),  # Khánh Hòa
    (10.0452, 105.7469),  # Cần Thơ
)

#: Propaganda topics (chủ đề tuyên truyền).
TOPICS: tuple[str, ...] = (
    "Tác hại của ma túy tổng hợp",
    "Luật Phòng, chống ma túy 2025",
    "Phòng chống ma túy trong học đường",
    "Nhận diện các loại ma túy mới núp bóng thực phẩm, đồ uống",
    "Trách nhiệm của gia đình trong phòng, chống ma túy",
    "Hưởng ứng Tháng hành động phòng, chống ma túy",
    "Không trồng cây có chứa chất ma túy",
    "Phòng ngừa tái nghiện và hỗ trợ người sau cai nghiện",
    "Xây dựng xã, phường không ma túy",
    "Tố giác tội phạm ma túy",
    "Điều trị nghiện bằng Methadone",
    "Thanh niên nói không với ma túy",
)
ORGANISERS: tuple[str, ...] = (
    "Công an xã",
    "Đoàn Thanh niên",
    "Hội Phụ nữ",
    "Mặt trận Tổ quốc xã",
)
PARTNERS: tuple[str, ...] = (
    "Trạm Y tế xã",
    "Trường THCS",
    "Trường Tiểu học",
    "Hội Cựu chiến binh",
    "Hội Nông dân",
    "Ban công tác Mặt trận thôn",
    "Đài truyền thanh xã",
    "Chi đoàn thôn",
)
ACTIVITY_NOTES: tuple[str, ...] = (
    "Phát tờ rơi và lấy ý kiến người dân",
    "Lồng ghép trong buổi họp thôn",
    "Có ảnh chụp lưu hồ sơ",
    "Mời gia đình người nghiện tham dự",
    "",
    "",
)

#: Cơ sở cai nghiện, điều trị.
REHAB_FACILITIES: tuple[str, ...] = (
    "Cơ sở cai nghiện ma túy số 2",
    "Cơ sở cai nghiện ma túy số 5",
    "Cơ sở cai nghiện ma túy công lập tỉnh",
)
METHADONE_FACILITIES: tuple[str, ...] = (
    "Cơ sở điều trị Methadone Trung tâm Y tế khu vực",
    "Cơ sở điều trị Methadone Bệnh viện đa khoa khu vực",
)
PRISONS: tuple[str, ...] = ("Trại giam Thanh Xuân", "Trại giam Ngọc Lý", "Trại giam Xuân Lộc")

#: Hình thức tuyên truyền (ActivityForm values) with rough frequencies, materials handed out
#: and cost ranges in VND.
ACTIVITY_FORMS: tuple[tuple[str, int], ...] = (
    ("conference", 25),
    ("loudspeaker", 20),
    ("banner", 10),
    ("leaflet", 12),
    ("contest", 3),
    ("social_media", 10),
    ("school", 10),
    ("door_to_door", 10),
)
ACTIVITY_MATERIALS: dict[str, tuple[int, int]] = {
    "leaflet": (100, 500),
    "conference": (20, 200),
    "door_to_door": (20, 100),
    "school": (30, 300),
}
ACTIVITY_COSTS: dict[str, tuple[int, int]] = {
    "conference": (500_000, 5_000_000),
    "banner": (300_000, 2_000_000),
    "leaflet": (200_000, 1_500_000),
    "contest": (3_000_000, 15_000_000),
    "school": (0, 1_000_000),
}

#: Loại điểm (HotspotKind values) with rough frequencies.
HOTSPOT_KINDS: tuple[tuple[str, int], ...] = (
    ("point", 40),
    ("gathering", 25),
    ("use_harbouring", 25),
    ("growing", 10),
)

#: Kịch bản (history scenarios) of a person's file, with rough frequencies.
SCENARIOS: tuple[tuple[str, int], ...] = (
    ("ium", 36),  # quản lý người sử dụng trái phép only
    ("addict", 28),  # tái sử dụng → xác định nghiện → cai nghiện → quản lý sau cai
    ("direct", 8),  # xác định nghiện ngay (không nơi cư trú ổn định …) → cai nghiện
    ("methadone", 10),  # điều trị thay thế
    ("education", 5),  # giáo dục tại xã
    ("prisoner", 8),  # tù tha về địa phương
    ("psychosis", 5),  # theo dõi loạn thần ("ngáo đá")
)
REHAB_KINDS: tuple[tuple[str, int], ...] = (
    ("voluntary_rehab_community", 40),
    ("voluntary_rehab_facility", 25),
    ("compulsory_rehab", 35),
)

#: Who decides an episode, by EpisodeType value: (number format, decided by, facilities, notes).
#: "{n}" is a running number, "{y}" the year of the decision.
DECISIONS: dict[str, tuple[str, str, tuple[str, ...], str]] = {
    "illegal_use_management": ("{n}/QĐ-UBND", "Chủ tịch UBND xã", ("",), ""),
    "addiction_assessment": (
        "{n}/PXĐ-TTYT",
        "Trung tâm Y tế khu vực",
        ("Trạm Y tế xã",),
        "Xác định theo Nghị định 109/2021/NĐ-CP",
    ),
    "voluntary_rehab_community": (
        "{n}/QĐ-UBND",
        "Chủ tịch UBND xã",
        ("Tại gia đình", "Tại cộng đồng"),
        "",
    ),
    "voluntary_rehab_facility": (
        "{n}/QĐ-CSCN",
        "Giám đốc cơ sở cai nghiện ma túy",
        REHAB_FACILITIES,
        "Đăng ký cai nghiện tự nguyện",
    ),
    "compulsory_rehab": (
        "{n}/{y}/QĐ-TA",
        "Tòa án nhân dân khu vực",
        REHAB_FACILITIES,
        "",
    ),
    "substitution_therapy": (
        "{n}/QĐ-ĐTTT",
        "Cơ sở điều trị Methadone",
        METHADONE_FACILITIES,
        "Uống Methadone hằng ngày",
    ),
    "post_rehab": ("{n}/QĐ-UBND", "Chủ tịch UBND xã", ("",), ""),
    "education_at_commune": ("{n}/QĐ-UBND", "Chủ tịch UBND xã", ("",), "Bị xử phạt 2 lần"),
    "psychosis_followup": (
        "",
        "Công an xã",
        ("",),
        "Có biểu hiện loạn thần do sử dụng ma túy tổng hợp",
    ),
    "released_prisoner_followup": (
        "",
        "Công an xã",
        PRISONS,
        "Chấp hành xong án phạt tù, về cư trú tại địa phương",
    ),
}

#: Kết quả of an episode that ran its planned course.
OUTCOMES: dict[str, str] = {
    "illegal_use_management": "Hết thời hạn quản lý, không tái sử dụng",
    "voluntary_rehab_community": "Hoàn thành cai nghiện",
    "voluntary_rehab_facility": "Hoàn thành cai nghiện",
    "compulsory_rehab": "Chấp hành xong quyết định",
    "post_rehab": "Hoàn thành quản lý sau cai nghiện",
    "education_at_commune": "Chấp hành xong biện pháp giáo dục tại xã",
}
