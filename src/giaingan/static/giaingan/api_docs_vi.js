/* The API documentation page in Vietnamese. Swagger UI (5.x, vendored by
   drf-spectacular-sidecar) has no translations option: its labels are English strings in
   its code. This relabels what it draws, once drawn and whenever it draws again (a
   MutationObserver on its root), word for word from the table below: a text, a
   placeholder, a title or an aria-label that is exactly one of the English labels (spaces
   around it kept) becomes the Vietnamese one; nothing else is touched. A file of its own,
   not an inline script: the site's Content Security Policy. */
(function () {
  "use strict";

  var LABELS = {
    "Authorize": "Xác thực",
    "Authorized": "Đã xác thực",
    "Available authorizations": "Các cách xác thực",
    "Logout": "Đăng xuất",
    "Close": "Đóng",
    "Name:": "Tên:",
    "In:": "Vị trí:",
    "Value:": "Giá trị:",
    "Flow:": "Luồng:",
    "Try it out": "Thử gọi",
    "Cancel": "Hủy",
    "Execute": "Gửi yêu cầu",
    "Clear": "Xóa kết quả",
    "Reset": "Đặt lại",
    "Parameters": "Tham số",
    "No parameters": "Không có tham số",
    "Name": "Tên",
    "Description": "Mô tả",
    "Request body": "Nội dung yêu cầu",
    "Parameter content type": "Kiểu nội dung tham số",
    "Response content type": "Kiểu nội dung trả về",
    "Media type": "Kiểu dữ liệu",
    "Responses": "Các phản hồi",
    "Response": "Phản hồi",
    "Code": "Mã",
    "Links": "Liên kết",
    "No links": "Không có liên kết",
    "Curl": "Lệnh curl",
    "Request URL": "Địa chỉ yêu cầu",
    "Request duration": "Thời gian xử lý",
    "Server response": "Phản hồi của máy chủ",
    "Details": "Chi tiết",
    "Response body": "Nội dung trả về",
    "Response headers": "Tiêu đề trả về",
    "Headers:": "Tiêu đề:",
    "Download": "Tải về",
    "Example Value": "Giá trị mẫu",
    "Example Description": "Mô tả ví dụ",
    "Examples": "Ví dụ",
    "Edit Value": "Sửa giá trị",
    "Schema": "Cấu trúc",
    "Schemas": "Cấu trúc dữ liệu",
    "Extensions": "Phần mở rộng",
    "required": "bắt buộc",
    "Send empty value": "Gửi giá trị rỗng",
    "Servers": "Máy chủ",
    "Filter by tag": "Lọc theo nhóm",
    "Expand operation": "Mở thao tác",
    "Collapse operation": "Thu gọn thao tác",
    "Show": "Hiện",
    "Hide": "Ẩn",
    "Failed to fetch": "Không kết nối được máy chủ"
  };
  var ATTRIBUTES = ["placeholder", "title", "aria-label"];

  function translated(text) {
    var core = text.trim();
    if (!core || !Object.prototype.hasOwnProperty.call(LABELS, core)) {
      return null;
    }
    var start = text.indexOf(core);
    return text.slice(0, start) + LABELS[core] + text.slice(start + core.length);
  }

  function relabelText(node) {
    var text = translated(node.nodeValue);
    if (text !== null) {
      node.nodeValue = text;
    }
  }

  function relabelElement(element) {
    for (var i = 0; i < ATTRIBUTES.length; i += 1) {
      var value = element.getAttribute(ATTRIBUTES[i]);
      var text = value === null ? null : translated(value);
      if (text !== null) {
        element.setAttribute(ATTRIBUTES[i], text);
      }
    }
  }

  function relabel(root) {
    if (root.nodeType === Node.TEXT_NODE) {
      relabelText(root);
      return;
    }
    if (root.nodeType !== Node.ELEMENT_NODE) {
      return;
    }
    relabelElement(root);
    var texts = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (texts.nextNode()) {
      relabelText(texts.currentNode);
    }
    var elements = root.querySelectorAll("[placeholder], [title], [aria-label]");
    for (var i = 0; i < elements.length; i += 1) {
      relabelElement(elements[i]);
    }
  }

  function start() {
    var root = document.getElementById("swagger-ui");
    if (!root) {
      return;
    }
    relabel(root);
    // A relabelled node is no longer a key of LABELS: the observer's own changes end here.
    new MutationObserver(function (changes) {
      for (var i = 0; i < changes.length; i += 1) {
        var change = changes[i];
        if (change.type === "childList") {
          for (var j = 0; j < change.addedNodes.length; j += 1) {
            relabel(change.addedNodes[j]);
          }
        } else if (change.type === "characterData") {
          relabelText(change.target);
        } else {
          relabelElement(change.target);
        }
      }
    }).observe(root, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: ATTRIBUTES
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
