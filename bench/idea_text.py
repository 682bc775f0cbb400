"""Text of generated ideas that reads like the real ones: titles and paragraphs combined from
Vietnamese administrative phrases (an action, what it acts on, often how, for whom and where), so
that two titles share words the way real ones do — many ideas are about "hồ sơ đất đai", few say
the same thing in the same words — rather than being drawn from a few dozen words that every title
contains. Deterministic for a given `random.Random`.

About 70 actions × 150 subjects × 35 means × 30 groups × 90 places: millions of different titles;
the commonest subjects recur in hundreds of ideas out of 100,000, as popular topics do.
"""

import itertools


def phrases(text):
    """The phrases of a "|"-separated text, each on one line with single spaces."""
    return [" ".join(phrase.split()) for phrase in text.split("|")]


ACTIONS = phrases(
    """Số hoá|Rút ngắn thời gian giải quyết|Đơn giản hoá|Ứng dụng mã QR trong|Tự động hoá|Chuẩn hoá
    |Công khai|Liên thông|Tiếp nhận trực tuyến|Trả kết quả tại nhà|Nâng cao chất lượng|Cải tiến quy trình
    |Giảm giấy tờ trong|Phân cấp xử lý|Minh bạch|Hỗ trợ người dân về|Xây dựng phần mềm quản lý|Lập bản đồ số
    |Tích hợp dữ liệu|Nhắc hẹn|Thí điểm đổi mới|Đẩy mạnh|Rà soát|Kiểm tra chéo|Thống nhất mẫu|Đổi mới cách
    quản lý|Tăng cường giám sát|Tiết kiệm chi phí|Xã hội hoá|Huy động nguồn lực cho|Cắt giảm thủ tục
    |Theo dõi tiến độ|Khảo sát mức độ hài lòng về|Tra cứu|Ký số|Lưu trữ điện tử|Kết nối|Dùng trợ lý ảo giải
    đáp|Phân tích dữ liệu|Sắp xếp lại|Lồng ghép|Đào tạo kỹ năng|Tuyên truyền|Vận động người dân tham gia
    |Khắc phục bất cập|Xử lý dứt điểm|Quản lý|Giám sát bằng camera|Cảnh báo sớm|Điều phối|Cập nhật thường
    xuyên|Hướng dẫn trực quan|Làm sạch dữ liệu|Hẹn giờ giải quyết|Gộp các bước|Bỏ bản sao giấy|Đặt lịch trước
    |Thanh toán trực tuyến|Đánh giá định kỳ|Chia sẻ dữ liệu|Tổ chức lại|Nhân rộng mô hình|Khoán việc
    |Ghi nhận phản hồi về|Kiểm soát chất lượng|Lắng nghe ý kiến về|Bình chọn|Tinh gọn|Quy trình mẫu cho"""
)
SUBJECTS = phrases(
    """hồ sơ đất đai|hồ sơ cấp phép xây dựng|thủ tục đăng ký kinh doanh|hồ sơ hộ tịch|giấy khai sinh
    |đăng ký kết hôn|chứng thực bản sao|hồ sơ người có công|trợ cấp xã hội|bảo hiểm y tế hộ gia đình
    |học bổng cho học sinh nghèo|tuyển sinh đầu cấp|tiêm chủng mở rộng|khám sức khoẻ định kỳ|thu gom rác thải
    |phân loại rác tại nguồn|điểm ngập nước|hệ thống thoát nước|chiếu sáng công cộng|vỉa hè lòng đường
    |bãi giữ xe|trật tự đô thị|chợ truyền thống|an toàn thực phẩm|phòng cháy chữa cháy|phản ánh kiến nghị
    |đơn thư khiếu nại|tiếp công dân|văn bản đi đến|lịch họp cơ quan|tài sản công|kinh phí hoạt động
    |thu ngân sách|thuế hộ kinh doanh|giấy phép lao động|hỗ trợ doanh nghiệp nhỏ|khởi nghiệp sáng tạo
    |đầu tư công|giải phóng mặt bằng|tái định cư|nhà ở xã hội|cây xanh đô thị|công viên|kênh rạch
    |chất lượng không khí|tiếng ồn|giao thông công cộng|tuyến xe buýt|bến đò ngang|cầu đường nông thôn
    |dữ liệu dân cư|căn cước công dân|mã số định danh|thanh toán không dùng tiền mặt|phí và lệ phí
    |cư trú tạm vắng|lao động nhập cư|người khuyết tật|trẻ em có hoàn cảnh đặc biệt|hội người cao tuổi
    |đoàn viên thanh niên|hội phụ nữ|thư viện|nhà văn hoá|thể dục thể thao|di tích lịch sử|du lịch cộng đồng
    |lễ hội truyền thống|quảng cáo ngoài trời|biển hiệu cửa hàng|cơ sở karaoke|cơ sở lưu trú|ô nhiễm kênh
    |nước sạch|điện sinh hoạt|wifi công cộng|camera an ninh|tổ dân phố|khu phố văn minh|hộ nghèo
    |việc làm cho thanh niên|học nghề|nông sản an toàn|hợp tác xã|làng nghề|giấy chứng nhận quyền sử dụng
    đất|chuyển mục đích sử dụng đất|tách thửa|quy hoạch sử dụng đất|biến động đất đai|công chứng
    |lý lịch tư pháp|cấp đổi giấy phép lái xe|đăng ký xe|đăng kiểm|thi hành án dân sự|hoà giải ở cơ sở
    |đào tạo cán bộ|đánh giá cán bộ|thi đua khen thưởng|sáng kiến cải tiến|hồ sơ thi đua|lưu trữ hồ sơ
    |mẫu biểu báo cáo|số liệu thống kê|cổng dịch vụ công|bộ phận một cửa|đường dây nóng|hộp thư góp ý
    |phòng chống dịch bệnh|cấp cứu ngoại viện|trạm y tế|bữa ăn bán trú|xe đưa đón học sinh|an toàn trường học
    |sân chơi cho trẻ em|chung cư cũ|thang máy chung cư|phí quản lý chung cư|điện mặt trời áp mái
    |trạm sạc xe điện|xe đạp công cộng|hồ sơ bảo trợ xã hội|cấp nước sinh hoạt|hộ kinh doanh cá thể
    |quỹ vì người nghèo|nghĩa vụ quân sự|dân quân tự vệ|an ninh trật tự|người nghiện ma tuý|bạo lực gia đình
    |nuôi con nuôi|giám hộ|thừa kế|hợp đồng thuê nhà|giấy phép kinh doanh rượu|ngành nghề có điều kiện
    |đấu thầu mua sắm|kiểm kê tài sản|bảo trì đường bộ|hố ga|rác thải xây dựng|lấn chiếm hành lang
    |nhà trọ công nhân|bếp ăn tập thể|phòng khám tư nhân|nhà thuốc|chăm sóc người già neo đơn"""
)
MEANS = phrases(
    """qua Zalo|bằng mã QR|trên cổng dịch vụ công|bằng ứng dụng di động|qua tin nhắn|bằng chữ ký số
    |trên bản đồ số|qua tổng đài|bằng trí tuệ nhân tạo|với dữ liệu mở|bằng phần mềm dùng chung|qua thư điện tử
    |tại nhà văn hoá khu phố|qua ki ốt tự phục vụ|bằng biểu mẫu điện tử|trên trang thông tin điện tử
    |bằng bảng tin điện tử|qua loa phát thanh|bằng sổ tay điện tử|qua nhóm trực tuyến|bằng lịch hẹn trực
    tuyến|theo thời gian thực|bằng cảm biến|qua video ngắn|bằng bảng điều khiển|với mẫu điền sẵn
    |qua cổng thanh toán|bằng tài khoản định danh|theo mô hình một cửa|bằng sổ theo dõi chung
    |qua hệ thống quản lý văn bản|bằng mã hồ sơ|trên màn hình cảm ứng|bằng ảnh chụp hiện trường
    |qua đội tình nguyện"""
)
GROUPS = phrases(
    """cho người cao tuổi|cho hộ kinh doanh|cho doanh nghiệp|cho học sinh|cho người lao động
    |cho người khuyết tật|cho phụ nữ mang thai|cho người nước ngoài|cho cán bộ một cửa|cho tổ trưởng dân phố
    |cho hộ nghèo|cho sinh viên|cho tiểu thương|cho người dân vùng ven|cho công nhân|cho người thuê trọ
    |cho giáo viên|cho phụ huynh|cho trẻ mầm non|cho cựu chiến binh|cho người có công|cho ngư dân
    |cho nông dân|cho tài xế công nghệ|cho chủ nhà trọ|cho ban quản trị chung cư|cho y tế cơ sở
    |cho công an khu vực|cho cán bộ địa chính|cho văn phòng công chứng"""
)
PLACE_NAMES = phrases(
    """Bến Thành|Tân Định|Đa Kao|Cầu Kho|Cô Giang|Nguyễn Cư Trinh|Phạm Ngũ Lão|Bến Nghé|Võ Thị Sáu
    |Thảo Điền|An Phú|Bình An|Thủ Thiêm|Linh Trung|Hiệp Bình|Tân Phú|Phú Thọ Hoà|Bình Trị Đông|An Lạc
    |Tân Tạo|Bình Hưng Hoà|Gò Vấp|An Hội|Thông Tây Hội|Hạnh Thông|Bình Lợi Trung|Thạnh Mỹ Tây|Gia Định
    |Bình Thạnh|Phú Nhuận|Đức Nhuận|Cầu Kiệu|Tân Sơn Nhất|Tân Sơn Hoà|Bảy Hiền|Tân Bình|Chợ Lớn|Bình Tây
    |Bình Phú|Phú Lâm|Chánh Hưng|Bình Đông|Phú Định|Xóm Chiếu|Khánh Hội|Vĩnh Hội|Tân Thuận|Tân Hưng
    |Tân Mỹ|Phú Thuận|Nhà Bè|Hiệp Phước|Cần Giờ|Bình Khánh|Thạnh An|Củ Chi|Tân An Hội|An Nhơn Tây
    |Hóc Môn|Bà Điểm|Xuân Thới Sơn|Đông Thạnh|Bình Chánh|Tân Nhựt|Vĩnh Lộc|Hưng Long|Long Bình
    |Long Phước|Tăng Nhơn Phú|Phước Long|Long Trường|Tam Bình|Linh Xuân|Trường Thọ|Thủ Đức|Tân Thới Hiệp
    |Trung Mỹ Tây|Đông Hưng Thuận|An Phú Đông|Thới An|Diên Hồng|Vườn Lài|Hoà Hưng|Minh Phụng|Bình Thới
    |Phú Thạnh|Tây Thạnh|Sơn Kỳ|Tân Sơn|Tân Thới Nhất|Đông Hưng|Lái Thiêu"""
)
PLACES = (
    [f"tại phường {name}" for name in PLACE_NAMES[:60]]
    + [f"ở xã {name}" for name in PLACE_NAMES[60:]]
    + [f"trên địa bàn phường {name}" for name in PLACE_NAMES[::7]]
)
ISSUES = phrases(
    """còn nhiều bước trùng lặp|phải nộp nhiều bản sao giấy|chờ đợi lâu ở bộ phận một cửa|thường bị trả lại vì
    thiếu giấy tờ|không biết hồ sơ đang ở khâu nào|mất nhiều thời gian đi lại|xử lý trễ hạn|số liệu không khớp
    giữa các đơn vị|mỗi nơi dùng một mẫu khác nhau|phản ánh không được trả lời kịp thời|tốn chi phí in ấn
    |dữ liệu nằm rải rác trong sổ sách|ngập sâu sau mỗi cơn mưa|thiếu người hướng dẫn|cán bộ phải nhập lại
    nhiều lần|người dân phản ánh nhiều lần|khó tra cứu khi cần|chưa có đầu mối theo dõi|hay bị ùn tắc giờ cao
    điểm|quá tải vào đầu tháng|thông tin công khai chưa đầy đủ|thiếu kinh phí duy trì|vướng mắc quy định chồng
    chéo|còn thực hiện thủ công trên giấy"""
)
EFFECTS = phrases(
    """người dân phải đi lại nhiều lần|doanh nghiệp mất cơ hội kinh doanh|cán bộ làm thêm giờ thường xuyên
    |kết quả chậm hơn thời hạn quy định|mức độ hài lòng thấp|chi phí xã hội tăng|dễ phát sinh tiêu cực
    |số liệu báo cáo thiếu chính xác|hồ sơ tồn đọng kéo dài|người cao tuổi gặp nhiều khó khăn"""
)
STEPS = phrases(
    """lập danh mục giấy tờ cần thiết|xây dựng biểu mẫu điện tử dùng chung|phân công một đầu mối theo dõi
    |nhắn tin báo tiến độ cho người dân|kết nối với cơ sở dữ liệu quốc gia về dân cư|tập huấn cho cán bộ
    một cửa|công khai quy trình tại trụ sở và trên mạng|đo thời gian xử lý từng bước|thu thập ý kiến người
    dân sau mỗi lần giải quyết|thí điểm ba tháng rồi đánh giá|dùng mã QR để tra cứu hồ sơ|gộp hai bước thẩm
    định thành một|phối hợp với công an phường|giao ban hằng tuần để xử lý vướng mắc|báo cáo kết quả lên
    Ủy ban nhân dân"""
)
BENEFITS = phrases(
    """giảm một nửa thời gian chờ|tiết kiệm chi phí in ấn|người dân không phải đi lại nhiều lần|số liệu chính
    xác và cập nhật|cán bộ bớt nhập liệu trùng lặp|tăng mức độ hài lòng của người dân|minh bạch quy trình
    |giảm hồ sơ trễ hạn|dễ nhân rộng sang các phường khác|lãnh đạo theo dõi được tiến độ"""
)
OPENINGS = phrases(
    """Hiện nay|Thực tế cho thấy|Qua theo dõi|Theo phản ánh của người dân|Tại nhiều khu phố|Nhiều năm nay
    |Theo kết quả khảo sát|Trong năm qua|Theo cán bộ một cửa|Ở đơn vị"""
)
MOVEMENT = "hưởng ứng phong trào dám nghĩ, dám làm"


class IdeaText:
    """The texts of one generated data set. Popular subjects recur more often (weight 1/rank^0.6,
    ranks shuffled per seed): a few topics fill many ideas, most appear in a few."""

    def __init__(self, rng):
        self.rng = rng
        order = list(range(len(SUBJECTS)))
        rng.shuffle(order)
        weights = [0.0] * len(SUBJECTS)
        for rank, index in enumerate(order, start=1):
            weights[index] = 1 / rank**0.6
        self.cum_weights = list(itertools.accumulate(weights))

    def idea(self):
        """title, summary, problem, solution and expected benefit of one idea: an action on a
        subject, then (some of) how, for whom and where; the problem and summary about the same."""
        rng = self.rng
        subject = rng.choices(SUBJECTS, cum_weights=self.cum_weights)[0]
        parts = [rng.choice(ACTIONS), subject]
        if rng.random() < 0.55:
            parts.append(rng.choice(MEANS))
        if rng.random() < 0.4:
            parts.append(rng.choice(GROUPS))
        if rng.random() < 0.5:
            parts.append(rng.choice(PLACES))
        title = " ".join(parts)
        title = title[0].upper() + title[1:]
        movement = f" ({MOVEMENT})" if rng.random() < 0.06 else ""
        return {
            "title": title,
            "summary": f"{title}{movement}, để {rng.choice(BENEFITS)} và {rng.choice(BENEFITS)}.",
            "problem": (
                f"{rng.choice(OPENINGS)}, {subject}: {' và '.join(rng.sample(ISSUES, 2))}; "
                f"hệ quả là {' và '.join(rng.sample(EFFECTS, 2))}."
            ),
            "solution": "Các bước: " + "; ".join(rng.sample(STEPS, rng.randint(3, 5))) + ".",
            "expected_benefit": ", ".join(rng.sample(BENEFITS, 2)).capitalize() + ".",
        }
