"""What error answers say, in Vietnamese, by HTTP status."""

MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    401: "Cần đăng nhập (thiếu hoặc sai mã truy cập).",
    403: "Bạn không có quyền thực hiện thao tác này.",
    404: "Không tìm thấy trang hoặc dữ liệu được yêu cầu.",
    405: "Phương thức này không được hỗ trợ tại địa chỉ này.",
    409: "Thao tác xung đột với trạng thái hiện tại của dữ liệu.",
    413: "Tệp hoặc nội dung gửi lên vượt quá dung lượng cho phép.",
    415: "Định dạng nội dung không được hỗ trợ.",
    422: "Dữ liệu gửi lên không hợp lệ.",
    429: "Quá nhiều yêu cầu. Vui lòng thử lại sau.",
    500: "Hệ thống gặp lỗi ngoài ý muốn. Lỗi đã được ghi lại.",
    503: (
        "Cơ sở dữ liệu tạm thời không truy cập được hoặc đang bận; thao tác chưa được lưu. "
        "Vui lòng thử lại sau ít phút."
    ),
}
# Seconds a client is told to wait before trying again when the database is away.
RETRY_AFTER = 5
CSRF_MESSAGE = (
    "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Vui lòng tải lại trang và thử lại."
)
